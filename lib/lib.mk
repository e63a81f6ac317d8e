# libguardcheck.a: the host-side library (KTAP parsing, reading and
# classifying a guest's console, process supervision, reports, series
# handling). Every lib/<part>/*.cpp is part of it.
LIB_SRCS := $(wildcard lib/*/*.cpp)
LIB_OBJS := $(LIB_SRCS:%.cpp=$(HOST_OUT)/%.o)
LIBGUARDCHECK := $(HOST_OUT)/libguardcheck.a
HOST_CXXFLAGS := $(CXXSTD) $(WARN) -O2 -g -Ilib -MMD -MP

$(HOST_OUT)/lib/%.o: lib/%.cpp
	@mkdir -p $(dir $@)
	$(Q)$(CXX_HOST) $(HOST_CXXFLAGS) -c $< -o $@

$(LIBGUARDCHECK): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@ && ar rcs $@ $^

-include $(LIB_OBJS:.o=.d)
