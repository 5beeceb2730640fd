// nqparse web app: the few behaviours that need a script (the pages work without it too).
"use strict";

(function () {
  function uploadForm(form) {
    var input = form.querySelector("input[type=file]");
    var errorBox = document.getElementById("upload-error");
    var progress = document.getElementById("progress");
    var bar = document.getElementById("progress-bar");
    var label = document.getElementById("progress-text");
    var button = form.querySelector("button[type=submit]");
    var maxBytes = Number(form.dataset.maxBytes || 0);

    function showError(message) {
      progress.hidden = true;
      button.disabled = false;
      errorBox.textContent = message;
      errorBox.hidden = false;
    }

    function send(file) {
      errorBox.hidden = true;
      if (!file) { showError("Chưa chọn tệp nào để tải lên."); return; }
      if (maxBytes && file.size > maxBytes) { showError(form.dataset.tooLarge); return; }
      var data = new FormData();
      data.append("file", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round((100 * e.loaded) / e.total);
          label.textContent = "Đang tải lên… " + bar.value + "%";
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.removeAttribute("value"); // indeterminate while the server reads the document
        label.textContent = "Đang đọc và phân tích văn bản…";
      });
      xhr.addEventListener("load", function () {
        var reply = null;
        try { reply = JSON.parse(xhr.responseText); } catch (e) { reply = null; }
        if (xhr.status === 200 && reply && reply.url) {
          label.textContent = "Xong. Đang mở trang kết quả…";
          window.location.assign(reply.url);
        } else {
          showError((reply && reply.error) || "Không đọc được tệp (mã lỗi " + xhr.status + ").");
        }
      });
      xhr.addEventListener("error", function () {
        showError("Mất kết nối với chương trình khi tải lên; hãy thử lại.");
      });
      button.disabled = true;
      progress.hidden = false;
      bar.value = 0;
      label.textContent = "Đang tải lên…";
      xhr.send(data);
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      send(input.files[0]);
    });
    input.addEventListener("change", function () {
      if (input.files.length) { send(input.files[0]); }
    });
    ["dragenter", "dragover"].forEach(function (name) {
      form.addEventListener(name, function (e) { e.preventDefault(); form.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      form.addEventListener(name, function (e) { e.preventDefault(); form.classList.remove("dragging"); });
    });
    // A file dropped beside the zone must not make the browser open it in place of the app.
    ["dragover", "drop"].forEach(function (name) {
      window.addEventListener(name, function (e) { e.preventDefault(); });
    });
    form.addEventListener("drop", function (e) {
      var files = e.dataTransfer && e.dataTransfer.files;
      if (files && files.length) { send(files[0]); }
    });
  }

  function unitsTable(table) {
    var body = table.tBodies[0];
    var add = document.getElementById("add-row");
    function blankRow() {
      var row = body.rows[body.rows.length - 1].cloneNode(true);
      row.querySelectorAll("input").forEach(function (i) { i.value = ""; });
      return row;
    }
    add.addEventListener("click", function () {
      var row = blankRow();
      body.appendChild(row);
      row.querySelector("input").focus();
    });
    body.addEventListener("click", function (e) {
      var target = e.target;
      if (!target.classList || !target.classList.contains("remove-row")) { return; }
      var row = target.closest("tr");
      if (body.rows.length > 1) { row.remove(); } else { row.querySelectorAll("input").forEach(function (i) { i.value = ""; }); }
    });
  }

  function sortableItems(table) {
    var body = table.tBodies[0];
    var links = document.querySelectorAll(".sorter");
    function sortBy(key) {
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var pa = Number(a.dataset.position), pb = Number(b.dataset.position);
        if (key === "kind") {
          var ka = Number(a.dataset.kindRank), kb = Number(b.dataset.kindRank);
          if (ka !== kb) { return ka - kb; }
        }
        return pa - pb;
      });
      rows.forEach(function (r) { body.appendChild(r); });
      links.forEach(function (l) { l.classList.toggle("active", l.dataset.sort === key); });
    }
    links.forEach(function (link) {
      link.addEventListener("click", function (e) {
        e.preventDefault();
        sortBy(link.dataset.sort);
      });
    });
    var initial = new URLSearchParams(window.location.search).get("sort");
    sortBy(initial === "kind" ? "kind" : "position");
  }

  // A panel row jumps to its first mark in the text; a cited document in the corpus opens on click.
  function linkPanel(table) {
    function marksOf(id) {
      return Array.prototype.filter.call(document.querySelectorAll("#doc-text .hl"), function (m) {
        return m.dataset.id === id;
      });
    }
    table.addEventListener("click", function (e) {
      var link = e.target.closest("a.jump");
      if (!link) { return; }
      var marks = marksOf(link.dataset.target);
      if (!marks.length) { return; }
      e.preventDefault();
      marks[0].scrollIntoView({ block: "center" });
      marks.forEach(function (m) { m.classList.add("flash"); });
      window.setTimeout(function () { marks.forEach(function (m) { m.classList.remove("flash"); }); }, 1800);
    });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var xref = row.querySelector("a.xref");
      if (!xref) { return; }
      marksOf(row.dataset.id).forEach(function (m) {
        m.classList.add("linked");
        m.addEventListener("click", function () { window.location.assign(xref.getAttribute("href")); });
      });
    });
  }

  // The native file input is hidden behind a "Chọn tệp…" label; show the chosen name beside it.
  function showChosenNames() {
    document.querySelectorAll(".file-name[data-for]").forEach(function (span) {
      var input = document.getElementById(span.dataset.for);
      if (!input) { return; }
      input.addEventListener("change", function () {
        span.textContent = input.files.length ? input.files[0].name : "";
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    showChosenNames();
    var form = document.getElementById("upload-form");
    if (form) { uploadForm(form); }
    var units = document.getElementById("units-table");
    if (units) { unitsTable(units); }
    var items = document.getElementById("items");
    if (items) { sortableItems(items); linkPanel(items); }
  });
})();
