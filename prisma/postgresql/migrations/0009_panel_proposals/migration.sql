-- AlterTable
ALTER TABLE "Restructuring" ADD COLUMN     "proposalId" TEXT;

-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'rating';

-- CreateTable
CREATE TABLE "Proposal" (
    "id" TEXT NOT NULL,
    "consultationId" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "statement" TEXT NOT NULL DEFAULT '',
    "levels" TEXT,
    "change" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL,
    "salt" TEXT NOT NULL,
    "commitment" TEXT NOT NULL,
    "withdrawnAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT,
    "triageRationale" TEXT,
    "mergedWith" TEXT,
    "triagedAt" TIMESTAMP(3),

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Proposal_roundId_idx" ON "Proposal"("roundId");

-- CreateIndex
CREATE INDEX "Proposal_memberId_idx" ON "Proposal"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Proposal_consultationId_number_key" ON "Proposal"("consultationId", "number");

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

