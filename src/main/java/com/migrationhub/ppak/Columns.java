package com.migrationhub.ppak;

import com.migrationhub.core.RejectedFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An export's header, resolved to canonical field names. ShopPAK labels ({@code Job Id}) and the
 * snake_case names of the original ETL ({@code project_id}) are both accepted, ignoring case and
 * spacing. Columns starting with {@code _} (added to dead-letter files) are ignored.
 */
public final class Columns {

    private static final Map<ExportKind, Map<String, String>> ALIASES = Map.of(
            ExportKind.PROJECTS, aliases(
                    "job_id", "jobid projectid",
                    "job_number", "jobnumber projectnumber",
                    "name", "description projectname jobname",
                    "job_type", "jobtype projecttype",
                    "status", "jobstatus status projectstatus",
                    "phase", "phase jobphase",
                    "customer", "billtocustomer customer customername",
                    "contact_name", "jobcontact contactname contact",
                    "contact_email", "contactemail customeremail email",
                    "contact_phone", "contactphone customerphone phone",
                    "address", "address1 address addressline1",
                    "city", "city",
                    "state", "state",
                    "zip", "zip zipcode postalcode",
                    "start_date", "startdate",
                    "due_date", "duedate completiondate",
                    "sell_price", "sellprice estimatedvalue contractvalue",
                    "percent_complete", "percentcomplete",
                    "notes", "notes"),
            ExportKind.MATERIALS, aliases(
                    "code", "inventorycode sku ppaksku materialcode",
                    "description", "description name",
                    "category", "category",
                    "uom", "stockuom uom unitofmeasure",
                    "cost", "avgstockunitcost cost unitcost costperunit",
                    "vendor", "vendor",
                    "vendor_part", "vendorstocknumber vendorpartnumber",
                    "inactive", "inactive",
                    "notes", "notes"),
            ExportKind.WORK_ORDERS, aliases(
                    "work_order", "workorder workordernumber workorderid",
                    "job_id", "jobid projectid",
                    "description", "description",
                    "purpose", "purpose",
                    "status", "status",
                    "type", "workordertype type",
                    "start_date", "startdate",
                    "due_date", "duedate",
                    "estimated_hours", "estimatedhours",
                    "sell_price", "sellprice",
                    "materials", "materials"));

    private static final Map<ExportKind, Set<String>> REQUIRED = Map.of(
            ExportKind.PROJECTS, Set.of("job_id", "name"),
            ExportKind.MATERIALS, Set.of("code"),
            ExportKind.WORK_ORDERS, Set.of("work_order", "job_id"));

    private final List<String> header;
    private final Map<String, Integer> index;

    private Columns(List<String> header, Map<String, Integer> index) {
        this.header = header;
        this.index = index;
    }

    /** Resolves a header row, or rejects the whole file when it is not an export of this kind. */
    public static Columns resolve(ExportKind kind, List<String> header) {
        Map<String, String> aliases = ALIASES.get(kind);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String raw = header.get(i).strip();
            if (raw.startsWith("_")) {
                continue;
            }
            String field = aliases.get(normalise(raw));
            if (field != null) {
                index.putIfAbsent(field, i);
            }
        }
        if (!index.keySet().containsAll(REQUIRED.get(kind))) {
            throw new RejectedFileException("no recognisable " + kind.prefix() + " header: expected columns such as "
                    + REQUIRED.get(kind) + ", found " + header);
        }
        return new Columns(List.copyOf(header), index);
    }

    static String normalise(String label) {
        StringBuilder sb = new StringBuilder(label.length());
        for (char ch : label.toCharArray()) {
            if (Character.isLetterOrDigit(ch)) {
                sb.append(Character.toLowerCase(ch));
            }
        }
        return sb.toString();
    }

    private static Map<String, String> aliases(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            for (String alias : pairs[i + 1].split(" ")) {
                out.put(alias, pairs[i]);
            }
        }
        return out;
    }

    public List<String> header() { return header; }
    public int width() { return header.size(); }

    /** The cell of a field, stripped; null when the column is absent or the cell blank. */
    public String get(List<String> cells, String field) {
        Integer i = index.get(field);
        if (i == null || i >= cells.size()) {
            return null;
        }
        String v = cells.get(i).strip();
        return v.isEmpty() ? null : v;
    }
}
