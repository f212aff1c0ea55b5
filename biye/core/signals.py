"""What one section tells the others, through core (sections never import each other).

`student_corrected`: R2.7, a correction of a student's record was approved and written. Sent inside the
action's transaction, after the Student row changed, with keyword arguments
    student  the Student, already saved with its new values
    fields   the names of the Student fields that changed (e.g. ["name", "number"])
    before   {field: old value}, after: {field: new value}, as audit.json_ready gives them
    by       the Person whose approval made the change
    at       the moment of the change
A receiver that refuses (raises) undoes the whole correction, so receivers do only what must go with it.

`submission_accepted`: the Graduate School accepted a college's form (core/submissions.accept). Sent inside the
accept's transaction, after the Submission row is saved as accepted, with keyword arguments
    submission  the Submission (its campaign, college, kind)
    by          the Graduate School person who accepted it
    at          the moment of acceptance
R4.6: the diplomas section numbers the certificates of a college when its 附件8 is accepted. A receiver that
raises undoes the acceptance.
"""

from __future__ import annotations

from django.dispatch import Signal

student_corrected = Signal()
submission_accepted = Signal()
