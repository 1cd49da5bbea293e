-- AlterTable
ALTER TABLE "Consultation" ADD COLUMN     "questions" TEXT NOT NULL DEFAULT '{}';

