package com.migrationhub.canonical;

import java.math.BigDecimal;

/** A material in the canonical model, keyed by its canonical SKU (the PPak code when unmapped). */
public record CanonicalMaterial(
        String sku,
        String ppakCode,
        String innergySku,
        boolean mapped,
        String description,
        String category,
        String uom,
        String ppakUom,
        BigDecimal unitCost,
        String vendor,
        String vendorPartNumber,
        boolean active,
        String notes) implements CanonicalRecord {

    /** A material as PPak names it: keyed by its code until the mapping tables give its SKU and UOM. */
    public static CanonicalMaterial unmapped(String ppakCode, String description, String category, String ppakUom,
                                             BigDecimal unitCost, String vendor, String vendorPartNumber, boolean active,
                                             String notes) {
        return new CanonicalMaterial(ppakCode, ppakCode, null, false, description, category, null, ppakUom, unitCost,
                vendor, vendorPartNumber, active, notes);
    }

    @Override
    public String naturalKey() {
        return sku;
    }

    public CanonicalMaterial withMapping(String sku, String innergySku, boolean mapped, String uom) {
        return new CanonicalMaterial(sku, ppakCode, innergySku, mapped, description, category, uom, ppakUom, unitCost,
                vendor, vendorPartNumber, active, notes);
    }
}
