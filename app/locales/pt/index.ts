// Every namespace of the pt catalog; a namespace is one area of the interface (app/locales/README.md).
import common from "./common";
import mail from "./mail";
import report from "./report";
import review from "./review";

export default { common, mail, report, review };
