-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "reminderHours" TEXT NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "ReminderRun" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "hoursBefore" INTEGER NOT NULL,
    "reminded" INTEGER NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReminderRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReminderRun_roundId_hoursBefore_key" ON "ReminderRun"("roundId", "hoursBefore");

-- AddForeignKey
ALTER TABLE "ReminderRun" ADD CONSTRAINT "ReminderRun_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

