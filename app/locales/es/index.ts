// Every namespace of the es catalog; a namespace is one area of the interface (app/locales/README.md).
import common from "./common";
import consultation from "./consultation";
import mail from "./mail";
import report from "./report";
import restructure from "./restructure";
import review from "./review";

export default { common, consultation, mail, report, restructure, review };
