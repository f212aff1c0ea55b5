// R2.2: as the student picks a reading per character, write the spelling the way the server composes it
// (biye/names/queries.py, Chooser.compose). Without this script the "按所选读音填入" button does the same.
(function () {
  "use strict";
  var data = document.getElementById("pinyin-chooser-data");
  var form = document.getElementById("pinyin-form");
  var field = document.getElementById("pinyin-spelling");
  if (!data || !form || !field) { return; }
  var plan = JSON.parse(data.textContent);

  function chosen(index) {
    var picked = form.querySelector('input[name="char-' + index + '"]:checked') ||
      form.querySelector('input[type="hidden"][name="char-' + index + '"]');
    var syllable = picked ? picked.value : "";
    if (plan.style !== "passport") { return syllable; }
    // The passport rule (romanize.styled): lüe / nüe are lue / nue, other ü is yu.
    return /^[ln]üe$/.test(syllable) ? syllable.replace("ü", "u") : syllable.replace(/ü/g, "yu");
  }

  function capital(word) { return word.charAt(0).toUpperCase() + word.slice(1); }

  function compose() {
    return plan.words.map(function (word) {
      if (word.text !== undefined) { return word.text; }
      var syllables = word.chars.map(chosen);
      if (word.hyphen) { return syllables.map(capital).join("-"); }
      return capital(syllables.map(function (s, k) {
        return k > 0 && /^[aoe]/.test(s) ? "'" + s : s;
      }).join(""));
    }).join(" ");
  }

  form.addEventListener("change", function (event) {
    if (event.target.type === "radio" && /^char-\d+$/.test(event.target.name)) {
      field.value = compose();
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
  });
  var button = document.getElementById("pinyin-compose");
  if (button) { button.hidden = true; }  // the spelling follows the choices as they change
}());
