// A form with data-confirm="Question?" asks before it is sent; Cancel keeps the page as it is.
// An event listener rather than onsubmit="...", which the content security policy forbids (workshops/security.py).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
