// Adds Django's CSRF token to every HTMX request that changes something.
// The token is read from the page (the header's logout form, any form with {% csrf_token %}),
// not from the cookie, which stays HttpOnly. Listening on the document works whether this
// file runs before or after htmx itself.
document.addEventListener("htmx:configRequest", function (event) {
  var verb = (event.detail.verb || "get").toUpperCase();
  if (verb === "GET" || event.detail.headers["X-CSRFToken"]) {
    return;
  }
  var champ = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (champ) {
    event.detail.headers["X-CSRFToken"] = champ.value;
  }
});
