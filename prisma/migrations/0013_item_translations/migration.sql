-- Items in several languages (docs/decisions/item-translations.md). Plain ADD COLUMN, not Prisma's table
-- redefinition: it keeps columns other migrations add to these tables and does not copy them.
ALTER TABLE "ModelVersion" ADD COLUMN "language" TEXT NOT NULL DEFAULT 'en';
ALTER TABLE "ModelVersion" ADD COLUMN "translations" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "Consultation" ADD COLUMN "languages" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "RoundItem" ADD COLUMN "translations" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "Rating" ADD COLUMN "language" TEXT;
