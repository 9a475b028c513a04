// A handler that talks SQL itself instead of calling its store.
const char* count = "SELECT COUNT(*) FROM items";
