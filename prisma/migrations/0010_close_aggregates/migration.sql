-- CreateIndex
CREATE INDEX "Rating_roundItemId_commitment_idx" ON "Rating"("roundItemId", "commitment");

