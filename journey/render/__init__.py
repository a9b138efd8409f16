"""What people see and take away: charts, the journey map, tables, exports, the report."""
