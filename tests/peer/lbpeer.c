/* Placeholder: replaced by the test peer. */
int main(void) { return 0; }
