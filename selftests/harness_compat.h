/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lets C++20 code include the kernel tree's own kselftest_harness.h unmodified
 * (6.18.y and 6.19.y). The harness is C: it assigns mmap()'s void * to typed
 * pointers, hands `void *self` / `const void *variant` to typed parameters and
 * declares an uninitialised `static const bool`. This header bridges those
 * spots and nothing else; every test still runs through the harness.
 *
 * Rules for code that includes it:
 *  - Declare fixture variants with GUARD_VARIANT_ADD(fixture, name, type)
 *    { ... }; and read FIXTURE_SETUP's `variant` through guard_variant<type>().
 *  - Compare pointers with ASSERT_TRUE(p != nullptr): the harness takes
 *    __typeof__ of both operands, which is wrong for NULL and nullptr in C++.
 *  - Map memory through the helpers in lib/: in this translation unit mmap
 *    is a macro whose value converts to any pointer type.
 */
#ifndef GUARD_HARNESS_COMPAT_H
#define GUARD_HARNESS_COMPAT_H

#ifndef __cplusplus
#error "harness_compat.h is for C++ translation units"
#endif

#include <sys/mman.h>

namespace harness_compat
{
struct untyped_pointer {
	void *address;
	template <typename T> operator T *() const
	{
		return static_cast<T *>(address);
	}
};
inline untyped_pointer map(void *addr, size_t length, int prot, int flags,
			   int fd, off_t offset)
{
	return {::mmap(addr, length, prot, flags, fd, offset)};
}
} // namespace harness_compat

#define mmap(...) (harness_compat::map(__VA_ARGS__))

#include "kselftest_harness.h"

/*
 * Every harness signature spells the variant as `const FIXTURE_VARIANT(f) *`
 * but passes `const void *`; making the variant type void makes them agree.
 * FIXTURE() forward-declares that type, so it is re-spelled without it.
 */
#undef FIXTURE_VARIANT
#define FIXTURE_VARIANT(fixture_name) void

#undef FIXTURE
#define FIXTURE(fixture_name)                                               \
	static struct __fixture_metadata _##fixture_name##_fixture_object { \
	};                                                                  \
	static void __attribute__((constructor))                            \
	_register_##fixture_name##_data(void)                               \
	{                                                                   \
		_##fixture_name##_fixture_object.name = #fixture_name;      \
		__register_fixture(&_##fixture_name##_fixture_object);      \
	}                                                                   \
	FIXTURE_DATA(fixture_name)

#undef FIXTURE_VARIANT_ADD
#define FIXTURE_VARIANT_ADD(fixture_name, variant_name) \
	static_assert(false, "use GUARD_VARIANT_ADD(fixture, variant, type)")

#define GUARD_VARIANT_ADD(fixture_name, variant_name, type)           \
	extern const type _##fixture_name##_##variant_name##_variant; \
	static struct __fixture_variant_metadata                      \
		_##fixture_name##_##variant_name##_object {           \
	};                                                            \
	static void __attribute__((constructor))                      \
	_register_##fixture_name##_##variant_name(void)               \
	{                                                             \
		_##fixture_name##_##variant_name##_object.name =      \
			#variant_name;                                \
		_##fixture_name##_##variant_name##_object.data =      \
			&_##fixture_name##_##variant_name##_variant;  \
		__register_fixture_variant(                           \
			&_##fixture_name##_fixture_object,            \
			&_##fixture_name##_##variant_name##_object);  \
	}                                                             \
	const type _##fixture_name##_##variant_name##_variant =

template <typename Variant> const Variant &guard_variant(const void *variant)
{
	return *static_cast<const Variant *>(variant);
}

/*
 * The harness calls <fixture>_teardown(_metadata, void *self, const void *)
 * and reads <fixture>_teardown_parent; both are defined here with those
 * types, forwarding to the typed body that follows the macro.
 */
#define GUARD_TEARDOWN_IMPL(fixture_name, in_parent)                           \
	static const bool fixture_name##_teardown_parent = in_parent;          \
	static void fixture_name##_teardown_typed(                             \
		struct __test_metadata *_metadata,                             \
		FIXTURE_DATA(fixture_name) * self);                            \
	static void fixture_name##_teardown(struct __test_metadata *_metadata, \
					    void *self, const void *)          \
	{                                                                      \
		fixture_name##_teardown_typed(                                 \
			_metadata,                                             \
			static_cast<FIXTURE_DATA(fixture_name) *>(self));      \
	}                                                                      \
	static void fixture_name##_teardown_typed(                             \
		struct __test_metadata __attribute__((unused)) * _metadata,    \
		FIXTURE_DATA(fixture_name) __attribute__((unused)) * self)

#undef FIXTURE_TEARDOWN
#define FIXTURE_TEARDOWN(fixture_name) GUARD_TEARDOWN_IMPL(fixture_name, false)
#undef FIXTURE_TEARDOWN_PARENT
#define FIXTURE_TEARDOWN_PARENT(fixture_name) \
	GUARD_TEARDOWN_IMPL(fixture_name, true)

#endif /* GUARD_HARNESS_COMPAT_H */
