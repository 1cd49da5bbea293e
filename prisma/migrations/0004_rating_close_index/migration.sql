-- CreateIndex
CREATE INDEX "Rating_roundItemId_value_memberId_idx" ON "Rating"("roundItemId", "value", "memberId");

