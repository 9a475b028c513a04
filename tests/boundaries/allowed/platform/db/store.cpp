const char* make = "CREATE TABLE audit_log (id BIGINT PRIMARY KEY)";
