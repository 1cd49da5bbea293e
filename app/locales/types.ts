// A catalog in another language has exactly the English catalog's shape: TypeScript refuses a missing or
// extra message, and app/locales/catalogs.test.ts checks what types cannot (placeholders, empty strings).
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
