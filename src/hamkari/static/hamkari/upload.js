/* Import page: send the file with XMLHttpRequest so that a progress bar can follow the upload; then go to the
   batch page, which follows the import itself (htmx polls its status). Without JavaScript the form posts as
   usual. No inline script anywhere: the Content Security Policy allows only the platform's own files. */
(function () {
  "use strict";

  function setup(form) {
    var box = document.getElementById("upload-progress");
    var bar = document.getElementById("upload-bar");
    var percent = document.getElementById("upload-percent");

    function showError(message) {
      var list = document.getElementById("import-error");
      if (!list) {
        list = document.createElement("ul");
        list.id = "import-error";
        list.className = "errorlist";
        list.setAttribute("role", "alert");
        form.insertBefore(list, form.firstChild);
      }
      list.textContent = "";
      var item = document.createElement("li");
      item.textContent = message;
      list.appendChild(item);
    }

    function busy(on) {
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = on; }
      if (box) { box.hidden = !on; }
    }

    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.XMLHttpRequest) { return; }
      var input = form.querySelector("input[type=file]");
      var max = parseInt(form.getAttribute("data-max-bytes"), 10);
      var file = input && input.files && input.files[0];
      event.preventDefault();
      if (file && max && file.size > max) {
        showError(form.getAttribute("data-too-large"));
        return;
      }
      var percentFormat = new Intl.NumberFormat(document.documentElement.lang || undefined, {style: "percent"});
      var xhr = new XMLHttpRequest();
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable || !bar) { return; }
        var value = Math.round(e.loaded * 100 / e.total);
        bar.value = value;
        // In the page's language and digits: "28%" in English, "۲۸٪" in Dari.
        if (percent) { percent.textContent = percentFormat.format(value / 100); }
      });
      xhr.addEventListener("load", function () {
        var type = xhr.getResponseHeader("Content-Type") || "";
        if (xhr.status === 200 && type.indexOf("application/json") === 0) {
          var answer = JSON.parse(xhr.responseText);
          if (answer.redirect) { window.location.assign(answer.redirect); return; }
        }
        // Sent somewhere else (an expired session to the log-in page): go there rather than call it a failure.
        var target = new URL(form.action, window.location.href).href;
        if (xhr.responseURL && xhr.responseURL !== target) { window.location.assign(xhr.responseURL); return; }
        busy(false);
        // The server answered with the page and its error messages: show its form in place of ours.
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var fresh = doc.getElementById(form.id);
        if (fresh) {
          form.innerHTML = fresh.innerHTML;
          box = document.getElementById("upload-progress");
          bar = document.getElementById("upload-bar");
          percent = document.getElementById("upload-percent");
        } else {
          showError(form.getAttribute("data-failed"));
        }
      });
      xhr.addEventListener("error", function () {
        busy(false);
        showError(form.getAttribute("data-failed"));
      });
      if (bar) { bar.value = 0; }
      if (percent) { percent.textContent = ""; }
      busy(true);
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.send(new FormData(form));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-upload]");
    if (form) { setup(form); }
  });
})();
