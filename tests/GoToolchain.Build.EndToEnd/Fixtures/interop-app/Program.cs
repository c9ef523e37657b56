// Calls every export of the interop fixture (../interop/interop.go) through the generated bindings and prints
// "PASS <name>" or "FAIL <name>: ..." for each; BindingsTests asserts the lines. Also built with
// DisableImplicitFrameworkDefines=true, which compiles the [DllImport] half of the generated file.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using InteropApp;

System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
var failures = 0;
void Check(string name, object? actual, object? expected)
{
    var ok = Equals(actual, expected);
    if (!ok) failures++;
    Console.WriteLine(ok ? $"PASS {name}" : $"FAIL {name}: got '{actual}', expected '{expected}'");
}

unsafe
{
    Check("int8", Interop.AddInt8(100, 100), (sbyte)-56);
    Check("int16", Interop.AddInt16(30000, 10000), (short)-25536);
    Check("int32", Interop.AddInt32(int.MaxValue, 1), int.MinValue);
    Check("int64", Interop.AddInt64(long.MaxValue, 1), long.MinValue);
    Check("uint8", Interop.AddUint8(200, 100), (byte)44);
    Check("uint16", Interop.AddUint16(65535, 2), (ushort)1);
    Check("uint32", Interop.AddUint32(uint.MaxValue, 2), 1u);
    Check("uint64", Interop.AddUint64(ulong.MaxValue, 2), 1ul);
    Check("GoInt", Interop.AddInt(int.MaxValue, int.MaxValue), (nint)(2L * int.MaxValue)); // 64-bit: no overflow
    Check("GoUint", Interop.AddUint(uint.MaxValue, 1), (nuint)(1UL + uint.MaxValue));
    Check("C.int", Interop.AddCInt(-2, -3), -5);
    Check("C.long", (long)Interop.AddCLong(new(40), new(2)).Value, 42L);
    Check("C.ulong", (ulong)Interop.AddCULong(new(40), new(2)).Value, 42UL);
    Check("float32", Interop.Half32(5f), 2.5f);
    Check("float64", Interop.Half64(5d), 2.5d);
    Check("C.double", Interop.CHalf(-1d), -0.5d);
    Check("bool", Interop.Not(false), true);
    Check("C.bool", Interop.CNot(true), false);
    Check("uintptr", Interop.NextUintptr(41), (nuint)42);
    var local = 7;
    Check("unsafe.Pointer", Interop.SameAddress((nint)(&local)), (nint)(&local));
    Check("*C.char", Interop.Upper("grüne welt"), "GRÜNE WELT");
    Check("*C.char nil", Interop.Upper(null), "");
    Check("GoString", Interop.GoStringLength("Grüße"), (nint)7);
#if NETCOREAPP2_1_OR_GREATER || NETSTANDARD2_1_OR_GREATER
    Check("GoString span", Interop.GoStringLength("abc"u8), (nint)3);
    var bytes = new byte[] { 1, 2, 3, 4 };
    Check("[]byte", Interop.SumBytes(bytes), (nint)10);
    Check("[]byte written", string.Join(",", bytes), "2,4,6,8");
#else
    var bytes = new byte[] { 1, 2, 3, 4 };
    fixed (byte* data = bytes) Check("[]byte", Interop.Native.SumBytes(new Interop.GoSlice(data, 4, 4)), (nint)10);
    Check("[]byte written", string.Join(",", bytes), "2,4,6,8");
#endif
    var point = new Interop.point { x = 1, y = 2, weight = 0.5, visible = false };
    var moved = Interop.MovePoint(point, 10, 20);
    Check("struct by value", $"{moved.x},{moved.y},{moved.weight},{moved.visible}", "11,22,0.5,False");
    Interop.ScalePoint(ref point, 3);
    Check("struct by pointer", $"{point.x},{point.y},{point.weight},{point.visible}", "3,6,1.5,True");
    Check("callback", Interop.Apply(&Callbacks.Multiply, 6, 7), 42);
    var divMod = Interop.DivMod(17, 5);
    Check("two results", $"{divMod.r0},{divMod.r1}", "3,2");
}

Console.WriteLine(failures == 0 ? "ALL PASSED" : $"{failures} FAILED");
return failures == 0 ? 0 : 1;

static class Callbacks
{
    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    public static int Multiply(int a, int b) => a * b;
}
