import warnings

print(warnings.formatwarning("plain", UserWarning, "app.py", 3, "x = old()"), end="")
print(warnings.formatwarning("no line", DeprecationWarning, "lib.py", 10, ""), end="")

with warnings.catch_warnings(record=True) as log:
    warnings.simplefilter("always")
    warnings.warn("one")
    warnings.warn("one")
    warnings.warn("two", DeprecationWarning)
    warnings.warn("three", RuntimeWarning)
    print("always:", [(w.category.__name__, str(w.message)) for w in log])

with warnings.catch_warnings(record=True) as log:
    warnings.simplefilter("default")
    for i in range(3):
        warnings.warn("same place")
    warnings.warn("other place")
    print("default:", [str(w.message) for w in log])

with warnings.catch_warnings(record=True) as log:
    warnings.simplefilter("once")
    for i in range(2):
        warnings.warn("once only")
    warnings.warn("once only")
    print("once:", [str(w.message) for w in log])

with warnings.catch_warnings(record=True) as log:
    warnings.simplefilter("always")
    warnings.filterwarnings("ignore", message="noisy")
    warnings.filterwarnings("error", category=RuntimeWarning)
    warnings.warn("noisy thing")
    warnings.warn("NOISY too (case-insensitive)")
    warnings.warn("quiet thing")
    try:
        warnings.warn("now an error", RuntimeWarning)
    except RuntimeWarning as e:
        print("raised:", type(e).__name__, e)
    print("filtered:", [str(w.message) for w in log])

for bad in [lambda: warnings.simplefilter("loud"), lambda: warnings.filterwarnings("ignore", lineno=-1)]:
    try:
        bad()
    except AssertionError as e:
        # Python asserts; aio throws a RangeError (its ValueError) with the same text.
        print("error:", e)
