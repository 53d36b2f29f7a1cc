sos_unit_test(test_regime
    SOURCES regime_classifier_test.cpp regime_models_test.cpp regime_engine_test.cpp
    LIBS sos_regime)
