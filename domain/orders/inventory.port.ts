/** The stock ledger's read side and its opening balance; orders move stock through the OrderStore. */
export interface InventoryLedger {
  openStock(entries: readonly { sku: string; onHand: number }[]): Promise<number>;
  onHand(skus: readonly string[]): Promise<Map<string, number>>;
}
