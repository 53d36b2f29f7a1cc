sos_unit_test(test_strategy SOURCES strategy_loader_test.cpp strategy_engine_test.cpp strategy_runtime_test.cpp
              strategy_playbook_test.cpp strategy_decision_test.cpp strategy_symbol_index_test.cpp
              strategy_indicator_bank_test.cpp LIBS sos_match_filter)
