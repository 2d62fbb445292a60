// Catalogue Territoires Partagés : réglages de l'éditeur en ligne (copié tel quel par plugins/catalogue/outputs/admin.py).
// Avant chaque enregistrement, retire les champs laissés vides ("", liste ou groupe vide) : un champ
// facultatif effacé disparaît du fichier au lieu d'y rester comme une valeur vide, donc invalide.
(function () {
  "use strict";
  if (!window.CMS) { return; }
  function isCollection(value) { return !!value && typeof value.toJS === "function" && typeof value.map === "function"; }
  function empty(value) {
    if (value === null || value === undefined || value === "") { return true; }
    return isCollection(value) && value.size === 0;
  }
  function clean(value) {
    if (!isCollection(value)) { return value; }
    return value.map(clean).filter(function (item) { return !empty(item); });
  }
  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      var body = data.get("body");
      var cleaned = clean(data);
      return body === undefined ? cleaned : cleaned.set("body", body);
    }
  });
})();
