#!/usr/bin/env python3
"""Writes a PPak projects export of N rows (ShopPAK labels, CRLF, quoted commas, $ money, US dates).
About 1 row in 1,000 is invalid (no customer) and must be rejected by both implementations."""
import sys

def main(path, rows):
    statuses = ["In Progress", "Approved", "On Hold", "Quoted", "Draft", "Complete"]
    phases = ["Design", "Ordering", "Fab", "Assembly", "Install", "Punch"]
    with open(path, "w", encoding="utf-8", newline="") as w:
        w.write("\ufeffJob Id,Job Number,Description,Job Type,Job Status,Phase,Bill To Customer,Job Contact,"
                "Contact Email,Contact Phone,Address 1,City,State,Zip,Start Date,Due Date,Sell Price,Percent Complete,Notes\r\n")
        for i in range(1, rows + 1):
            customer = "" if i % 1000 == 0 else f"Customer {i % 977} LLC"
            w.write(f'{i},J-{i:07d},"Project {i}, kitchen cabinets",Commercial,{statuses[i % 6]},{phases[i % 6]},'
                    f'{customer},Contact {i % 50},c{i % 50}@example.com,(206) 555-{i % 10000:04d},{i} Main St,Seattle,WA,98101,'
                    f'01/{(i % 28) + 1:02d}/2024,2024-12-{(i % 28) + 1:02d},"${(i % 90000) + 1000:,}.00",{i % 100},"Row {i}, generated"\r\n')

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
