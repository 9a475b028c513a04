// Reads a's table directly instead of through a's public face.
const char* count = "SELECT COUNT(*) FROM items WHERE id > 0";
