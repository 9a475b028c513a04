// A store's SQL names its own tables and the platform's.
const char* make = "CREATE TABLE items (id BIGINT PRIMARY KEY)";
const char* read = "SELECT i.id FROM items i JOIN audit_log l ON l.id = i.id";
