/* Photo previews before upload: under each file box marked data-preview, a thumbnail of
   every chosen picture (and the name of any other file), so the consumer sees what they are
   about to send. Served from this site (the Content-Security-Policy allows no inline
   script); pictures are shown from blob: URLs of the chosen files, nothing is uploaded.
   Listens on the document: the evidence form is replaced by htmx after each upload. */
(function () {
  function box(input) {
    var next = input.nextElementSibling;
    if (next && next.classList.contains("previews")) return next;
    var made = document.createElement("ul");
    made.className = "previews";
    made.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", made);
    return made;
  }
  function show(input) {
    var list = box(input);
    list.querySelectorAll("img").forEach(function (img) { URL.revokeObjectURL(img.src); });
    list.textContent = "";
    Array.prototype.forEach.call(input.files || [], function (file) {
      var item = document.createElement("li");
      if (/^image\//.test(file.type)) {
        var img = document.createElement("img");
        img.src = URL.createObjectURL(file);
        img.alt = file.name;
        item.appendChild(img);
      } else {
        var tile = document.createElement("span");
        tile.className = "file-tile";
        tile.textContent = (file.name.split(".").pop() || "").toUpperCase();
        item.appendChild(tile);
      }
      var name = document.createElement("span");
      name.className = "name";
      name.textContent = file.name;
      item.appendChild(name);
      list.appendChild(item);
    });
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[type=file][data-preview]")) show(input);
  });
})();
