// Drag-and-drop and the file chooser both send the workbook with fetch; the page then shows the result
// (the server renders it). Without JavaScript the form posts normally and lands on the same page.
(function () {
  var form = document.getElementById("form-unggah");
  if (!form) return;
  var zone = document.getElementById("jatuh");
  var input = document.getElementById("berkas");
  var pesan = document.getElementById("pesan");
  var button = document.getElementById("kirim");

  // Over the limit: said here, in the server's words, before sending (the server in front refuses a body
  // far over the limit with its own plain-text answer, which the page could not read).
  var batas = Number(form.getAttribute("data-batas")) || 0;
  var terlaluBesar = form.getAttribute("data-terlalu-besar") || "Berkas terlalu besar.";

  function refused(text) {
    pesan.textContent = text;
    pesan.className = "pesan galat";
    button.disabled = false;
  }

  function send(file) {
    if (batas && file.size > batas) {
      refused(terlaluBesar);
      return;
    }
    var data = new FormData();
    data.append("csrf", form.elements["csrf"].value);
    data.append("berkas", file, file.name);
    pesan.textContent = "Sedang mengunggah dan memeriksa \u201c" + file.name + "\u201d\u2026";
    pesan.className = "pesan";
    button.disabled = true;
    fetch(form.action, {method: "POST", body: data, headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) {
        return r.json().then(function (j) { return {ok: r.ok, j: j}; }, function () {
          // an answer that is not the server's JSON (a proxy's page): refused all the same, never "connection lost"
          return {ok: false, j: {pesan: r.status === 413 ? terlaluBesar : "Unggahan ditolak (kode " + r.status + ")."}};
        });
      })
      .then(function (res) {
        if (res.ok) {
          window.location.assign(window.location.pathname + "?u=" + res.j.id + "#hasil");
        } else {
          refused(res.j.pesan || "Unggahan ditolak.");
        }
      })
      .catch(function () {
        refused("Sambungan terputus; unggahan belum tentu tersimpan. Coba lagi.");
      });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (input.files.length) {
      send(input.files[0]);
    } else {
      refused("Pilih atau tarik workbook dulu.");
    }
  });
  input.addEventListener("change", function () {
    if (input.files.length) {
      document.getElementById("dipilih").textContent = input.files[0].name;
      send(input.files[0]);
    }
  });
  ["dragenter", "dragover"].forEach(function (t) {
    zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("di-atas"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.remove("di-atas"); });
  });
  zone.addEventListener("drop", function (e) {
    if (e.dataTransfer && e.dataTransfer.files.length) send(e.dataTransfer.files[0]);
  });
})();
