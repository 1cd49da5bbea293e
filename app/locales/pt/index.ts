// Every namespace of the pt catalog; a namespace is one area of the interface (app/locales/README.md).
import common from "./common";
import mail from "./mail";

export default { common, mail };
