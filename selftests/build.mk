# Called by `make suite` with KSFT_DIR, UAPI, ARCH, CROSS_COMPILE, SUITE_OUT set.
AREAS := $(patsubst selftests/%_test.cpp,%,$(wildcard selftests/*_test.cpp))
CXX := $(CROSS_COMPILE)g++
Q ?= @

ifeq ($(shell command -v $(CXX) 2>/dev/null),)
$(error $(CXX) not found: install the cross compiler (apt-get install g++-$(patsubst %-,%,$(CROSS_COMPILE))) or set CROSS_COMPILE= to a working prefix)
endif

# Our own code is held to -Werror; the harness and UAPI headers are system
# headers so their C idioms do not count against it.
CXXFLAGS := -std=c++20 -Wall -Wextra -Werror -O2 -g -fdebug-prefix-map=$(CURDIR)=. -MMD -MP -D_FILE_OFFSET_BITS=64 \
	-isystem $(KSFT_DIR) -isystem $(UAPI) -Iselftests -Iselftests/lib
LDFLAGS := -static

HELPER_SRCS := $(wildcard selftests/lib/*.cpp)
HELPER_OBJS := $(HELPER_SRCS:selftests/%.cpp=$(SUITE_OUT)/obj/%.o)

# liburing is optional: the io_uring area is built only when its static library is there.
URING_A := $(shell $(CXX) -print-file-name=liburing.a)
ifeq ($(wildcard $(URING_A)),)
BUILT_AREAS := $(filter-out io_uring,$(AREAS))
$(info suite: liburing.a not found for $(CXX); io_uring_test is not built (apt-get install liburing-dev, or the multiarch package for a cross ARCH))
else
BUILT_AREAS := $(AREAS)
endif
BINS := $(BUILT_AREAS:%=$(SUITE_OUT)/%_test)

# Rebuild everything when the tree (harness, headers) or the compiler changes.
STAMP := $(SUITE_OUT)/.inputs
$(shell mkdir -p $(SUITE_OUT); printf '%s\n' '$(KSFT_DIR)' '$(UAPI)' '$(CXX)' '$(CXXFLAGS)' > $(STAMP).new; \
	cmp -s $(STAMP).new $(STAMP) || mv $(STAMP).new $(STAMP); rm -f $(STAMP).new)

include selftests/reference.mk

.SECONDARY:
.PHONY: all
all: $(BINS) reference
	@printf '%s\n' $(notdir $(BINS)) > $(SUITE_OUT)/tests.list
	@echo "suite: $(ARCH) binaries in $(SUITE_OUT): $(notdir $(BINS))"

$(SUITE_OUT)/obj/%.o: selftests/%.cpp $(STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CXX) $(CXXFLAGS) -c $< -o $@

$(SUITE_OUT)/io_uring_test: $(SUITE_OUT)/obj/io_uring_test.o $(HELPER_OBJS)
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^ $(URING_A)

$(SUITE_OUT)/%_test: $(SUITE_OUT)/obj/%_test.o $(HELPER_OBJS)
	$(Q)$(CXX) $(LDFLAGS) -o $@ $^

-include $(wildcard $(SUITE_OUT)/obj/*.d $(SUITE_OUT)/obj/lib/*.d)
