// Every namespace of the en catalog; a namespace is one area of the interface (app/locales/README.md).
import common from "./common";
import consultation from "./consultation";
import restructure from "./restructure";

export default { common, consultation, restructure };
