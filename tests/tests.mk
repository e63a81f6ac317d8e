# Unit tests of the project's own code (GoogleTest): every tests/*_test.cpp.
# Fixtures (recorded console logs, smaps text) live in tests/fixtures/.
# report-check: xmllint and python3-jsonschema, which check the reports the
# tests write (junit.xml, kcidb.json against tests/fixtures/kcidb/).
UNIT_SRCS := $(wildcard tests/*_test.cpp)
UNIT_OBJS := $(UNIT_SRCS:%.cpp=$(HOST_OUT)/%.o)
UNIT_BIN := $(HOST_OUT)/unit_tests
# The suite's text parsers are plain C++; the unit tests link a host build of them.
SUITE_PARSER_SRCS := $(wildcard selftests/lib/*_parse.cpp)
SUITE_PARSER_OBJS := $(SUITE_PARSER_SRCS:%.cpp=$(HOST_OUT)/%.o)

$(HOST_OUT)/tests/%.o: tests/%.cpp
	@mkdir -p $(dir $@)
	$(Q)$(CXX_HOST) $(HOST_CXXFLAGS) -Iselftests/lib -DFIXTURE_DIR='"$(CURDIR)/tests/fixtures"' -c $< -o $@

$(HOST_OUT)/selftests/lib/%.o: selftests/lib/%.cpp
	@mkdir -p $(dir $@)
	$(Q)$(CXX_HOST) $(HOST_CXXFLAGS) -Iselftests/lib -c $< -o $@

$(HOST_OUT)/tests/%.o: HOST_CXXFLAGS += -DGUARDCHECK_BIN='"$(abspath $(GUARDCHECK))"'

$(UNIT_BIN): $(UNIT_OBJS) $(SUITE_PARSER_OBJS) $(LIBGUARDCHECK)
	$(Q)$(CXX_HOST) -o $@ $(UNIT_OBJS) $(SUITE_PARSER_OBJS) $(LIBGUARDCHECK) -lgtest -lgtest_main -lyaml-cpp -pthread

## test: build and run the unit tests of the project's own code (GoogleTest)
.PHONY: test
test:
	$(Q)scripts/ensure-deps.sh base report-check
	$(Q)$(MAKE) --no-print-directory $(UNIT_BIN)
	$(Q)$(UNIT_BIN) $(if $(GTEST_FILTER),--gtest_filter=$(GTEST_FILTER))

-include $(UNIT_OBJS:.o=.d) $(SUITE_PARSER_OBJS:.o=.d)
