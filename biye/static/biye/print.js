// The print view's button (an inline handler would be refused by the Content-Security-Policy).
document.getElementById("do-print")?.addEventListener("click", () => window.print());
