/* Layout behaviour without inline script (a Content-Security-Policy without 'unsafe-inline'):
   a <select data-autosubmit> sends its form when changed (the committee switch). */
document.addEventListener("change", function (e) {
  var el = e.target;
  if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) el.form.submit();
});
