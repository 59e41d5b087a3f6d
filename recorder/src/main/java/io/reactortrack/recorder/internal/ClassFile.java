package io.reactortrack.recorder.internal;

import static io.reactortrack.recorder.internal.CallbackNames.enclosingMethod;
import static io.reactortrack.recorder.internal.CallbackNames.format;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of a class file (JVMS chapter 4) to name lambdas: names,
 * LambdaMetafactory sites, line numbers, and the operand stack between a
 * site and a call. Later class file versions keep this layout, so any
 * version is read; a malformed or unknown construct throws a
 * RuntimeException, which callers turn into a fallback name. Written by hand
 * rather than with a bytecode library for the size, start-up and class file
 * version reasons {@link CallbackNames} gives, measured.
 */
final class ClassFile {

    /** A method as read from a class file; {@code code}: the offset of its Code attribute, -1 if none. */
    record MethodInfo(int access, String name, String desc, int code) {
    }

    /** A LambdaMetafactory invokedynamic at {@code pc} of {@code method}; {@code desc}: (captured) interface. */
    record Site(MethodInfo method, int pc, String sam, String desc, boolean alt, boolean serializable,
                int implKind, String implOwner, String implName, String implDesc) {
    }

    /** The parameter descriptors of a method descriptor, then the return type's. */
    static List<String> descriptors(String desc) {
        List<String> types = new ArrayList<>();
        for (int i = desc.charAt(0) == '(' ? 1 : 0, end; i < desc.length(); i = end) {
            i += desc.charAt(i) == ')' ? 1 : 0;
            end = i;
            while (desc.charAt(end) == '[') {
                end++;
            }
            end = desc.charAt(end) == 'L' ? desc.indexOf(';', end) + 1 : end + 1;
            if (end <= i) {
                throw new IllegalArgumentException("bad descriptor " + desc);
            }
            types.add(desc.substring(i, end));
        }
        return types;
    }

    final byte[] b;
    final int[] cp;          // offset of each constant pool entry
    final String[] strings;  // Utf8 constants, decoded on demand
    final String internalName;
    String sourceFile;
    final Map<String, MethodInfo> methods = new HashMap<>(); // by name + descriptor
    final List<Site> sites = new ArrayList<>();
    WeakReference<Class<?>> type = new WeakReference<>(null);

    ClassFile(byte[] bytes) {
        b = bytes;
        if (s4(b, 0) != 0xCAFEBABE) {
            throw new IllegalArgumentException("not a class file");
        }
        cp = new int[u2(b, 8)];
        strings = new String[cp.length];
        int p = 10;
        for (int i = 1; i < cp.length; i++) {
            cp[i] = p;
            int tag = u1(b, p);
            p += switch (tag) {
                case 1 -> 3 + u2(b, p + 1);
                case 7, 8, 16, 19, 20 -> 3;
                case 15 -> 4;
                case 3, 4, 9, 10, 11, 12, 17, 18 -> 5;
                case 5, 6 -> {
                    i++; // takes two entries
                    yield 9;
                }
                default -> throw new IllegalArgumentException("constant pool tag " + tag);
            };
        }
        internalName = className(u2(b, p + 2));
        p = members(p + 8 + 2 * u2(b, p + 6), null); // after access, this, super, interfaces: fields
        List<MethodInfo> list = new ArrayList<>();
        p = members(p, list);
        for (MethodInfo m : list) {
            methods.putIfAbsent(m.name.concat(m.desc), m);
        }
        int[] source = attributes(p, "SourceFile");
        sourceFile = source.length > 1 ? utf8(u2(b, source[0])) : null;
        int[] table = attributes(p, "BootstrapMethods");
        int[] bootstrap = new int[table.length > 1 ? u2(b, table[0]) : 0];
        for (int e = 0, q = table[0] + 2; e < bootstrap.length; e++, q += 4 + 2 * u2(b, q + 2)) {
            bootstrap[e] = q;
        }
        for (MethodInfo m : list) {
            for (int pc : m.code < 0 ? new int[0] : instructions(b, m.code + 8, s4(b, m.code + 4), null)) {
                Site site = u1(b, m.code + 8 + pc) == 186 ? site(m, pc, bootstrap) : null;
                if (site != null) {
                    sites.add(site);
                }
            }
        }
    }

    /** Reads the fields or methods counted at {@code p}, into {@code methods} if not null; returns their end. */
    private int members(int p, List<MethodInfo> methods) {
        int q = p + 2;
        for (int n = u2(b, p), k = 0; k < n; k++) {
            int[] code = attributes(q + 6, "Code");
            if (methods != null) {
                methods.add(new MethodInfo(u2(b, q), utf8(u2(b, q + 2)), utf8(u2(b, q + 4)),
                        code.length > 1 ? code[0] : -1));
            }
            q = code[code.length - 1];
        }
        return q;
    }

    /** Of the attributes counted at {@code p}: where those named {@code name} start, then where all end. */
    private int[] attributes(int p, String name) {
        int[] found = new int[1];
        int q = p + 2;
        for (int n = u2(b, p), k = 0; k < n; k++) {
            int length = s4(b, q + 2);
            if (length < 0 || q + 6 + length > b.length) {
                throw new IllegalArgumentException("bad attribute length");
            }
            if (utf8(u2(b, q)).equals(name)) {
                found = Arrays.copyOf(found, found.length + 1);
                found[found.length - 2] = q + 6;
            }
            q += 6 + length;
        }
        found[found.length - 1] = q;
        return found;
    }

    private Site site(MethodInfo m, int pc, int[] bootstrap) {
        int indy = entry(u2(b, m.code + 8 + pc + 1), 18);
        int bsm = bootstrap[u2(b, indy + 1)];
        String[] factory = member(u2(b, entry(u2(b, bsm), 15) + 2));
        if (!factory[0].equals("java/lang/invoke/LambdaMetafactory") || u2(b, bsm + 2) < 3
                || !(factory[1].equals("metafactory") || factory[1].equals("altMetafactory"))) {
            return null;
        }
        int impl = entry(u2(b, bsm + 6), 15); // static arguments: interface method type, implementation, ...
        String[] target = member(u2(b, impl + 2));
        boolean alt = factory[1].equals("altMetafactory");
        boolean serializable = alt && u2(b, bsm + 2) > 3 && (s4(b, entry(u2(b, bsm + 10), 3) + 1) & 1) != 0;
        int nat = entry(u2(b, indy + 3), 12);
        return new Site(m, pc, utf8(u2(b, nat + 1)), utf8(u2(b, nat + 3)), alt, serializable,
                u1(b, impl + 1), target[0], target[1], target[2]);
    }

    /** Name of what a site produces: a method reference or a lambda body. */
    String name(Site site, StackWalker.StackFrame frame) {
        String owner = site.implOwner.replace('/', '.');
        if (site.implKind == 8 || site.implName.equals("<init>")) { // REF_newInvokeSpecial
            return owner.concat("::new");
        }
        MethodInfo body = site.implOwner.equals(internalName) ? methods.get(site.implName.concat(site.implDesc)) : null;
        if (body == null || ((body.access & 0x1000) == 0 // ACC_SYNTHETIC
                && !body.name.startsWith("lambda$") && !body.name.contains("$lambda"))) { // javac, ecj; kotlinc
            return owner.concat("::").concat(site.implName);
        }
        int line = line(body, -1);
        line = line >= 0 ? line : line(site.method, site.pc);
        String file = sourceFile;
        if (frame != null && frame.getClassName().equals(owner)) {
            file = file != null ? file : frame.getFileName();
            if (line < 0 && frame.getMethodName().equals(site.method.name)
                    && frame.getDescriptor().equals(site.method.desc)) {
                line = frame.getLineNumber();
            }
        }
        return format(owner, enclosingMethod(site.implName, site.method.name, site.serializable), file, line);
    }

    /** Line of the instruction at {@code pc}, of the method's first if {@code pc < 0}; -1 if unknown. */
    int line(MethodInfo m, int pc) {
        int best = -1;
        int line = -1;
        int handlers = m.code < 0 ? -1 : m.code + 8 + s4(b, m.code + 4);
        int[] tables = handlers < 0 ? new int[1] : attributes(handlers + 2 + 8 * u2(b, handlers), "LineNumberTable");
        for (int t = 0; t < tables.length - 1; t++) {
            for (int e = 0, q = tables[t] + 2; e < u2(b, tables[t]); e++, q += 4) {
                if (pc < 0 ? best < 0 || u2(b, q) < best : u2(b, q) <= pc && u2(b, q) >= best) {
                    best = u2(b, q);
                    line = u2(b, q + 2);
                }
            }
        }
        return line;
    }

    // ------------------------------------------------------------ data flow

    /**
     * Among the matching sites, the one whose value the call at {@code bci}
     * of method {@code name}/{@code desc} takes, as the code in between
     * shows (see {@link #reaches}); nothing may jump into that code or out
     * of it, or catch there. Null if none or two fit.
     */
    Site directSite(List<Site> matching, String name, String desc, int bci) {
        MethodInfo m = methods.get(name.concat(desc));
        if (m == null || m.code < 0) {
            return null;
        }
        int start = m.code + 8;
        int end = s4(b, m.code + 4);
        List<int[]> edges = new ArrayList<>(); // {from, to}; from -1 for an exception handler
        int[] pcs = instructions(b, start, end, edges);
        for (int h = 0; h < u2(b, start + end); h++) {
            edges.add(new int[] {-1, u2(b, start + end + 2 + 8 * h + 4)});
        }
        int call = Arrays.binarySearch(pcs, bci);
        Site found = null;
        for (Site s : matching) {
            int i = Arrays.binarySearch(pcs, s.pc);
            if (s.method == m && i >= 0 && i < call && closed(edges, s.pc, bci) && reaches(start, pcs, i, call)) {
                if (found != null) {
                    return null;
                }
                found = s;
            }
        }
        return found;
    }

    /** No jump from outside (lo, hi] into it, none from inside out, no handler inside. */
    private static boolean closed(List<int[]> edges, int lo, int hi) {
        for (int[] e : edges) {
            if ((lo < e[0] && e[0] < hi) != (lo < e[1] && e[1] <= hi)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the one-slot value instruction {@code i} pushes is taken by
     * the call, instruction {@code call}. It is followed on the operand
     * stack, counting the slots above it as the JVM does (nothing but
     * checkcast may touch it), and into a local variable it is stored in,
     * out of which its last load before the call is followed (nothing else
     * may be stored there). Nothing may return or throw; jumps only while
     * it is not on the stack.
     */
    private boolean reaches(int start, int[] pcs, int i, int call) {
        int above = 0;  // slots above it on the stack; -1: not on the stack
        int local = -1; // the local variable it is in; -1: none
        for (int k = i + 1; k <= call; k++) {
            int p = start + pcs[k];
            int op = u1(b, p);
            int store = slot(p, 58, 75);
            if (op >= 172 && op <= 177 || op == 191 || op == 168 || op == 169 || op == 201) {
                return false; // returns, athrow, subroutines
            } else if (store >= 0 && above == 0) {
                local = store;
                above = -1;
            } else if (local >= 0 && slot(p, 25, 42) == local) {
                above = 0;
            } else if (above < 0 || POPS.charAt(op) == '-') {
                local = store == local ? -1 : local;
                if (above >= 0 || k == call) {
                    return false; // a jump with it on the stack, or a call it does not reach
                }
            } else {
                int[] slots = POPS.charAt(op) == '?' ? slots(op, p)
                        : new int[] {POPS.charAt(op) - '0', PUSHES.charAt(op) - '0'};
                local = store == local ? -1 : local;
                if (k == call) {
                    return slots[0] > above;
                } else if (slots[0] <= above) {
                    above += slots[1] - slots[0];
                } else if (op != 192 || above != 0) { // taken by something else; checkcast only looks
                    if (local < 0) {
                        return false;
                    }
                    above = -1;
                }
            }
        }
        return false;
    }

    /** The local variable a reference load ({@code op} 25) or store (58) at {@code p} uses; -1 if none. */
    private int slot(int p, int op, int op0) {
        int code = u1(b, p);
        return code == op ? u1(b, p + 1) : code >= op0 && code <= op0 + 3 ? code - op0
                : code == 196 && u1(b, p + 1) == op ? u2(b, p + 2) : -1; // wide
    }

    /** Stack slots {popped, pushed} by a field access, an invoke or multianewarray at {@code p}. */
    private int[] slots(int op, int p) {
        if (op == 197) {
            return new int[] {u1(b, p + 3), 1};
        }
        String desc = op == 186 ? utf8(u2(b, entry(u2(b, entry(u2(b, p + 1), 18) + 3), 12) + 3))
                : member(u2(b, p + 1))[2];
        List<String> types = descriptors(desc);
        int ret = size(types.remove(types.size() - 1));
        int args = 0;
        for (String type : types) {
            args += size(type);
        }
        return switch (op) {
            case 178 -> new int[] {0, ret};          // getstatic
            case 179 -> new int[] {ret, 0};          // putstatic
            case 180 -> new int[] {1, ret};          // getfield
            case 181 -> new int[] {1 + ret, 0};      // putfield
            case 184, 186 -> new int[] {args, ret};  // invokestatic, invokedynamic
            default -> new int[] {1 + args, ret};    // invokes with a receiver
        };
    }

    private static int size(String type) {
        return type.equals("V") ? 0 : type.equals("J") || type.equals("D") ? 2 : 1;
    }

    // Per opcode (JVMS chapter 6): bytes the instruction takes, 0 for a variable length; stack slots it
    // pops and pushes, '?' when a descriptor tells, '-' where not followed (jumps, switches, returns,
    // athrow, subroutines, wide).
    private static final String LENGTHS = "111111111111111123233222221111111111111111111111111111222221"
            + "111111111111111111111111111111111111111111111111111111111111111111111111311111111111111111111333"
            + "3333333333333200111111333333355323113311043355";
    private static final String POPS = "000000000000000000000000000000000000000000000022222222121211"
            + "111222211112222111134343333121232342242424242424242424241212232323242424011122211122211142244---"
            + "----------------------?????????0111-1111-?----";
    private static final String PUSHES = "011111111221112211112121211111222211112222111112121111000000"
            + "000000000000000000000000000002344562121212121212121212121212121212121212021211212212111111111---"
            + "----------------------?????????1111-1100-?----";

    /** The offsets of the instructions of the code at {@code start}; adds each jump {from, to} to {@code edges}. */
    static int[] instructions(byte[] b, int start, int length, List<int[]> edges) {
        int[] pcs = new int[16];
        int count = 0;
        int pc = 0;
        while (pc < length) {
            pcs = count < pcs.length ? pcs : Arrays.copyOf(pcs, 2 * count);
            pcs[count++] = pc;
            int op = u1(b, start + pc);
            int pad = (pc + 4 & ~3) - pc; // switch operands are aligned on the start of the code
            int targets = op == 170 ? s4(b, start + pc + pad + 8) - s4(b, start + pc + pad + 4) + 1
                    : op == 171 ? s4(b, start + pc + pad + 4) : 0;
            if (edges != null && (op >= 153 && op <= 168 || op >= 198)) {
                edges.add(new int[] {pc, pc + (op < 200 ? (short) u2(b, start + pc + 1) : s4(b, start + pc + 1))});
            } else if (edges != null && (op == 170 || op == 171)) {
                edges.add(new int[] {pc, pc + s4(b, start + pc + pad)}); // default
                for (int t = 0; t < targets; t++) {
                    edges.add(new int[] {pc, pc + s4(b, start + pc + pad + 12 + (op == 170 ? 4 : 8) * t)});
                }
            }
            int inner = op == 196 ? u1(b, start + pc + 1) : 0;
            int size = switch (op) {
                case 170 -> pad + 12 + 4 * targets;
                case 171 -> pad + 8 + 8 * targets;
                case 196 -> inner == 132 ? 6 : inner >= 21 && inner <= 25 || inner >= 54 && inner <= 58 || inner == 169
                        ? 4 : 0;
                default -> op < LENGTHS.length() ? LENGTHS.charAt(op) - '0' : 0;
            };
            if (size <= 0) {
                throw new IllegalArgumentException("bad instruction " + op + " at " + pc);
            }
            pc += size;
        }
        if (pc != length) {
            throw new IllegalArgumentException("code overruns its length");
        }
        return Arrays.copyOf(pcs, count);
    }

    // -------------------------------------------------------------- bytes

    private static int u1(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u2(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    private static int s4(byte[] b, int i) {
        return u2(b, i) << 16 | u2(b, i + 2);
    }

    /** Offset of constant pool entry {@code index}, which must be of {@code tag}. */
    private int entry(int index, int tag) {
        if (index <= 0 || index >= cp.length || u1(b, cp[index]) != tag) {
            throw new IllegalArgumentException("constant " + index + " is not of tag " + tag);
        }
        return cp[index];
    }

    String utf8(int index) {
        int p = entry(index, 1);
        if (strings[index] == null) {
            int length = u2(b, p + 1);
            boolean ascii = true;
            for (int i = p + 3; i < p + 3 + length && ascii; i++) {
                ascii = b[i] > 0;
            }
            try {
                // Modified UTF-8 (JVMS 4.4.7) is what DataInput reads.
                strings[index] = ascii ? new String(b, p + 3, length, StandardCharsets.ISO_8859_1)
                        : new DataInputStream(new ByteArrayInputStream(b, p + 1, length + 2)).readUTF();
            } catch (IOException e) {
                throw new IllegalArgumentException("bad Utf8 constant " + index, e);
            }
        }
        return strings[index];
    }

    private String className(int index) {
        return utf8(u2(b, entry(index, 7) + 1));
    }

    /** Owner, name and descriptor of a field or method reference. */
    private String[] member(int index) {
        int tag = index > 0 && index < cp.length ? u1(b, cp[index]) : 0;
        if (tag < 9 || tag > 11) {
            throw new IllegalArgumentException("constant " + index + " is not a member reference");
        }
        int nat = entry(u2(b, cp[index] + 3), 12);
        return new String[] {className(u2(b, cp[index] + 1)), utf8(u2(b, nat + 1)), utf8(u2(b, nat + 3))};
    }
}
