// kaoping serve: drag and drop several files onto a month, with upload progress.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var drop = document.getElementById("drop");
  if (!drop) return;
  var pick = document.getElementById("pick");
  var bar = document.getElementById("progress");
  var status = document.getElementById("status");
  function send(files) {
    if (!files || !files.length) return;
    var form = new FormData();
    for (var i = 0; i < files.length; i++) form.append("file", files[i], files[i].name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/months/" + drop.dataset.month + "/files");
    xhr.setRequestHeader("X-CSRF-Token", drop.dataset.csrf);
    bar.hidden = false;
    bar.value = 0;
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    };
    xhr.onload = function () {
      if (xhr.status === 200) {
        bar.value = 100;
        location.reload();
      } else {
        var msg = xhr.responseText;
        try { msg = JSON.parse(xhr.responseText).error; } catch (e) {}
        status.textContent = xhr.status + " " + msg;
        status.className = "bad";
      }
    };
    xhr.onerror = function () {
      status.textContent = "network error";
      status.className = "bad";
    };
    xhr.send(form);
  }
  ["dragenter", "dragover"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) { send(e.dataTransfer.files); });
  pick.addEventListener("change", function () { send(pick.files); });
});
