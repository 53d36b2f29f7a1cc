sos_unit_test(test_vocab SOURCES vocab_test.cpp LIBS sos_vocab)
