// npm run api:types: writes tests/support/api-schema.d.ts, the TypeScript types of /api/v1 generated from
// the OpenAPI document with openapi-typescript. The integration tests call the API through openapi-fetch
// with these types, and tests/integration/api-script.test.ts fails when the file is not what the document
// generates today: the document, the types and the server cannot drift apart.
import { writeFileSync } from "node:fs";
import { apiTypes } from "../tests/support/api-types.js";

const file = new URL("../tests/support/api-schema.d.ts", import.meta.url);
writeFileSync(file, await apiTypes());
console.log(`wrote ${file.pathname}`);
