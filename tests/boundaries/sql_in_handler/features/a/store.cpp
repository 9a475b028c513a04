const char* make = "CREATE TABLE items (id BIGINT PRIMARY KEY)";
