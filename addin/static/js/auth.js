// gestadmin : remplace auth.js de xlwings-server. Fournit l'en-tête Authorization des appels au serveur.
// - entraid : jeton Microsoft Entra ID (comme xlwings-server) ;
// - bearer : jeton personnel saisi une fois dans le volet « Gestion administrative » (stockage local du poste).
const GESTADMIN_TOKEN_KEY = "gestadmin.jeton";

globalThis.getAuth = async function () {
  if (config.authProviders.includes("entraid")) {
    return { token: await xlwings.getAccessToken(), provider: "entraid" };
  }
  if (config.authProviders.includes("bearer")) {
    const token = globalThis.localStorage.getItem(GESTADMIN_TOKEN_KEY) || "";
    return { token: token ? "Bearer " + token : "", provider: "bearer" };
  }
  return { token: "", provider: "" };
};
