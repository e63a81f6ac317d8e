# The one driver, build/host/guardcheck: every verb (boot, validate,
# verdict, ...) is a thin hand-off to its module in lib/. Make targets call
# it with their variables as options; scripts and CI call it directly to
# get its exit status (0 PASS, 1 FAIL, 2 no verdict) unchanged.
DRIVER_SRCS := $(wildcard driver/*.cpp)
DRIVER_OBJS := $(DRIVER_SRCS:%.cpp=$(HOST_OUT)/%.o)
GUARDCHECK := $(HOST_OUT)/guardcheck

$(HOST_OUT)/driver/%.o: driver/%.cpp
	@mkdir -p $(dir $@)
	$(Q)$(CXX_HOST) $(HOST_CXXFLAGS) -DGUARDCHECK_REPO_DIR='"$(CURDIR)"' -c $< -o $@

$(GUARDCHECK): $(DRIVER_OBJS) $(LIBGUARDCHECK)
	$(Q)$(CXX_HOST) -o $@ $^

-include $(DRIVER_OBJS:.o=.d)

# Targets install the compiler first (scripts/ensure-deps.sh), then build the
# driver from their recipe: as a prerequisite it would be built before g++
# is there on a fresh machine.
BUILD_DRIVER = $(MAKE) --no-print-directory $(if $(Q),-s) $(GUARDCHECK)

.PHONY: driver
driver: $(GUARDCHECK)
