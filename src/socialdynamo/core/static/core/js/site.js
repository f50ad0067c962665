// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Ask before destructive actions marked with data-confirm.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // Move focus to the first field with an error, so keyboard and screen-reader users land on it.
  const invalid = document.querySelector(".field-invalid input, .field-invalid select, .field-invalid textarea");
  if (invalid) invalid.focus();
});
