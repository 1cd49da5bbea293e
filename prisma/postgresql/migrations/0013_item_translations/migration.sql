-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN     "translations" TEXT NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Consultation" ADD COLUMN     "languages" TEXT NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "RoundItem" ADD COLUMN     "translations" TEXT NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "Rating" ADD COLUMN     "language" TEXT;

