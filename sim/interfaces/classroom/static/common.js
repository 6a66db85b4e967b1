// Helpers shared by the student and teacher pages.
"use strict";
window.cogov = {
  // Show one message (or clear with an empty text) in the page's #messages box.
  say: function (text, kind) {
    const box = document.getElementById("messages");
    box.textContent = "";
    if (!text) return;
    const div = document.createElement("div");
    div.className = "message " + (kind || "error");
    div.textContent = text;
    box.appendChild(div);
  },
};
