// Every namespace of the pt catalog; a namespace is one area of the interface (app/locales/README.md).
import account from "./account";
import common from "./common";
import consultation from "./consultation";
import live from "./live";
import mail from "./mail";
import models from "./models";
import report from "./report";
import restructure from "./restructure";
import review from "./review";
import voting from "./voting";

export default { account, common, consultation, live, mail, models, report, restructure, review, voting };
