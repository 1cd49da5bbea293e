import type { Messages } from "../types";
import type en from "../en/account";

export default {
  meta: {
    login: "Iniciar sesión · delphi-mlm",
    invite: "Unirse a la consulta · delphi-mlm",
    tokens: "Tokens de API · delphi-mlm",
    password: "Contraseña · delphi-mlm",
  },
  login: {
    missing: "Introduzca su correo electrónico y su contraseña.",
    wrong: "Correo electrónico o contraseña incorrectos.",
    linkSent:
      "Si esta dirección pertenece a una cuenta que inicia sesión mediante enlace, se le está enviando un nuevo enlace de inicio de sesión. Las cuentas con contraseña inician sesión con ella.",
    title: "Iniciar sesión",
    failed: "No se ha podido iniciar sesión",
    email: "Correo electrónico",
    password: "Contraseña",
    submit: "Iniciar sesión",
    invited: "¿Le ha invitado un moderador?",
    noPassword:
      "¿Todavía no tiene contraseña? Le enviamos un nuevo enlace personal de inicio de sesión a su dirección.",
    address: "Su dirección",
    sendLink: "Enviarme un enlace de inicio de sesión",
  },
  invite: {
    titleStudy: "Está invitado a «{{title}}»",
    title: "Está invitado a una consulta Delphi",
    anonymous:
      "Sus respuestas son anónimas: los demás panelistas solo ven las respuestas del grupo y comentarios anónimos. Este enlace inicia su sesión una sola vez; manténgalo en privado. Si ya tiene una cuenta aquí, se le pedirá que inicie sesión primero.",
    signedInAs: "Sesión iniciada como {{email}}: el enlace solo une esta cuenta si se envió a esta dirección.",
    join: "Unirse a la consulta",
  },
  password: {
    differ: "Contraseña no válida: confirmación: las dos contraseñas no coinciden",
    saved: "Contraseña guardada. A partir de ahora, inicie sesión con su correo electrónico y esta contraseña.",
    change: "Cambiar su contraseña",
    set: "Establecer una contraseña",
    account: "Cuenta {{email}}.",
    byLink:
      "Ha iniciado sesión con un enlace personal. Establezca una contraseña para iniciar sesión como {{email}} sin enlace; a partir de entonces, los enlaces de inicio de sesión ya no le darán acceso.",
    current: "Contraseña actual",
    new: "Nueva contraseña (al menos 10 caracteres)",
    repeat: "Repita la nueva contraseña",
    save: "Guardar la contraseña",
  },
  tokens: {
    title: "Tokens de API",
    intro:
      "Use un token como <code>Authorization: Bearer …</code> con la API JSON (<code>/api/v1</code>, descrita en <code>/api/v1/openapi.json</code>). Un token <strong>read</strong> solo puede leer; un token <strong>read-write</strong> puede hacer todo lo que usted puede hacer. Los tokens no pueden crear, listar ni revocar tokens: para eso está esta página.",
    copyNow: "Copie su token ahora: solo se muestra una vez",
    name: "Nombre del token",
    namePlaceholder: "script de reproducción",
    scope: "Alcance",
    scopeRead: "read (solo GET)",
    scopeReadWrite: "read-write",
    expires: "Caduca",
    expiry: {
      days30: "en 30 días",
      days90: "en 90 días",
      year: "en un año",
      never: "nunca",
    },
    create: "Crear token",
    none: "Todavía no hay tokens.",
    table: "Sus tokens de API",
    column: {
      name: "Nombre",
      scope: "Alcance",
      created: "Creado",
      lastUsed: "Último uso",
      expires: "Caduca",
      status: "Estado",
    },
    never: "nunca",
    status: {
      active: "activo",
      expired: "caducado",
      revoked: "revocado",
    },
    revoke: "Revocar",
    revokeName: "Revocar {{name}}",
  },
} satisfies Messages<typeof en>;
