// Volet « Gestion administrative » : enregistrement du jeton personnel (mode d'authentification bearer).
document.addEventListener("DOMContentLoaded", function () {
  const form = document.getElementById("gestadmin-jeton-form");
  if (!form) return;
  const status = document.getElementById("gestadmin-jeton-etat");
  const show = () => {
    status.textContent = globalThis.localStorage.getItem("gestadmin.jeton")
      ? "Jeton enregistré sur ce poste."
      : "Aucun jeton enregistré.";
  };
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const value = document.getElementById("gestadmin-jeton").value.trim();
    if (value) globalThis.localStorage.setItem("gestadmin.jeton", value);
    else globalThis.localStorage.removeItem("gestadmin.jeton");
    form.reset();
    show();
  });
  show();
});
