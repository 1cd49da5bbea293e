import type { Messages } from "../types";
import type en from "../en/account";

export default {
  meta: {
    login: "Connexion · delphi-mlm",
    invite: "Rejoindre la consultation · delphi-mlm",
    tokens: "Jetons d’API · delphi-mlm",
    password: "Mot de passe · delphi-mlm",
  },
  login: {
    missing: "Saisissez votre adresse e-mail et votre mot de passe.",
    wrong: "Adresse e-mail ou mot de passe incorrect.",
    linkSent:
      "Si cette adresse appartient à un compte qui se connecte par lien, un nouveau lien de connexion est en route. Les comptes dotés d’un mot de passe se connectent avec celui-ci.",
    title: "Connexion",
    failed: "Connexion impossible",
    email: "Adresse e-mail",
    password: "Mot de passe",
    submit: "Se connecter",
    invited: "Invité par un modérateur ?",
    noPassword: "Pas encore de mot de passe ? Nous envoyons un nouveau lien de connexion personnel à votre adresse.",
    address: "Votre adresse",
    sendLink: "M’envoyer un lien de connexion",
  },
  invite: {
    titleStudy: "Vous êtes invité à « {{title}} »",
    title: "Vous êtes invité à une consultation Delphi",
    anonymous:
      "Vos réponses sont anonymes : les autres panélistes ne voient que les réponses du groupe et des commentaires anonymes. Ce lien vous connecte une seule fois ; gardez-le confidentiel. Si vous avez déjà un compte ici, il vous sera d’abord demandé de vous connecter.",
    signedInAs: "Connecté en tant que {{email}} : le lien n’ajoute ce compte que s’il a été envoyé à cette adresse.",
    join: "Rejoindre la consultation",
  },
  password: {
    differ: "Mot de passe non valide : confirmation : les deux mots de passe diffèrent",
    saved: "Mot de passe enregistré. Désormais, connectez-vous avec votre adresse e-mail et ce mot de passe.",
    change: "Modifier votre mot de passe",
    set: "Définir un mot de passe",
    account: "Compte {{email}}.",
    byLink:
      "Vous vous êtes connecté avec un lien personnel. Définissez un mot de passe pour vous connecter en tant que {{email}} sans lien ; les liens de connexion ne vous connecteront alors plus.",
    current: "Mot de passe actuel",
    new: "Nouveau mot de passe (au moins 10 caractères)",
    repeat: "Confirmez le nouveau mot de passe",
    save: "Enregistrer le mot de passe",
  },
  tokens: {
    title: "Jetons d’API",
    intro:
      "Utilisez un jeton sous la forme <code>Authorization: Bearer …</code> avec l’API JSON (<code>/api/v1</code>, décrite dans <code>/api/v1/openapi.json</code>). Un jeton <strong>read</strong> permet seulement de lire ; un jeton <strong>read-write</strong> permet tout ce que vous pouvez faire. Les jetons ne peuvent pas créer, lister ni révoquer de jetons : cela se fait sur cette page.",
    copyNow: "Copiez votre jeton maintenant : il n’est affiché qu’une seule fois",
    name: "Nom du jeton",
    namePlaceholder: "script de rejeu",
    scope: "Portée",
    scopeRead: "read (GET uniquement)",
    scopeReadWrite: "read-write",
    expires: "Expiration",
    expiry: {
      days30: "dans 30 jours",
      days90: "dans 90 jours",
      year: "dans un an",
      never: "jamais",
    },
    create: "Créer le jeton",
    none: "Aucun jeton pour l’instant.",
    table: "Vos jetons d’API",
    column: {
      name: "Nom",
      scope: "Portée",
      created: "Créé",
      lastUsed: "Dernière utilisation",
      expires: "Expiration",
      status: "Statut",
    },
    never: "jamais",
    status: {
      active: "actif",
      expired: "expiré",
      revoked: "révoqué",
    },
    revoke: "Révoquer",
    revokeName: "Révoquer {{name}}",
  },
} satisfies Messages<typeof en>;
