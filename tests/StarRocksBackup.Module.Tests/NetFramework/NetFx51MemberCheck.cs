// "No API missing from .NET Framework 4.7.2 is called": every type and member an assembly references, resolved the
// way Windows PowerShell 5.1 would bind it (NetFx51LoadModel), against the .NET Framework 4.7.2 reference assemblies,
// System.Management.Automation 3.0 (PowerShellStandard.Library) and the DLLs the module ships. Type references go
// through type forwarders (netstandard.dll → mscorlib, System, …); members are matched by name, generic arity,
// parameter and return types. Nothing is executed.
using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace StarRocksBackup.Module.Tests.NetFramework;

public static class NetFx51MemberCheck
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>What was checked, and one line per type or member that does not resolve.</summary>
    public sealed record Result(IReadOnlyList<string> Problems, int MembersMatched, int MembersSkipped);

    /// <summary>One line per type or member that does not resolve; empty when everything does.</summary>
    public static IReadOnlyList<string> Check(NetFx51LoadModel model, IEnumerable<string> assemblies) => Run(model, assemblies).Problems;

    public static Result Run(NetFx51LoadModel model, IEnumerable<string> assemblies)
    {
        using var mlc = new MetadataLoadContext(new ModelResolver(model), "mscorlib");
        var problems = new List<string>();
        int matched = 0, skipped = 0;
        foreach (string path in assemblies)
        {
            var checker = new AssemblyChecker(mlc, model, path, problems);
            checker.Run();
            matched += checker.Matched;
            skipped += checker.Skipped;
        }

        return new Result(problems, matched, skipped);
    }

    /// <summary>How a type appears in a signature, the same for metadata blobs and for reflection types.</summary>
    internal static string NameOf(Type t)
    {
        if (t.IsGenericParameter) return (t.DeclaringMethod is null ? "!" : "!!") + t.GenericParameterPosition;
        if (t.IsByRef) return NameOf(t.GetElementType()!) + "&";
        if (t.IsPointer) return NameOf(t.GetElementType()!) + "*";
        if (t.IsArray) return NameOf(t.GetElementType()!) + (t.IsSZArray ? "[]" : "[" + new string(',', t.GetArrayRank() - 1) + "]");
        if (t.IsGenericType) return PlainName(t.GetGenericTypeDefinition()) + "<" + string.Join(",", t.GetGenericArguments().Select(NameOf)) + ">";
        return PlainName(t);
    }

    private static string PlainName(Type t) =>
        t.IsNested ? PlainName(t.DeclaringType!) + "+" + t.Name : string.IsNullOrEmpty(t.Namespace) ? t.Name : t.Namespace + "." + t.Name;

    private sealed class ModelResolver(NetFx51LoadModel model) : MetadataAssemblyResolver
    {
        public override Assembly? Resolve(MetadataLoadContext context, AssemblyName assemblyName)
        {
            LoadResolution r = model.Resolve(assemblyName);
            return r.Path is null ? null : Load(context, r.Path);
        }
    }

    internal static Assembly Load(MetadataLoadContext context, string path)
    {
        try
        {
            return context.LoadFromAssemblyPath(path);
        }
        catch (FileLoadException)
        {
            // One assembly per simple name in a MetadataLoadContext (as in 5.1's load context): the first one wins.
            string name = NetFx51LoadModel.Identity(path).Name!;
            return context.GetAssemblies().First(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase));
        }
    }

    private sealed class AssemblyChecker(MetadataLoadContext mlc, NetFx51LoadModel model, string path, List<string> problems)
    {
        private readonly string _file = Path.GetFileName(path);
        private readonly Dictionary<TypeReferenceHandle, Type?> _types = new();
        private MetadataReader _md = null!;

        public int Matched { get; private set; }

        public int Skipped { get; private set; }

        public void Run()
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            _md = pe.GetMetadataReader();
            foreach (TypeReferenceHandle h in _md.TypeReferences)
            {
                ResolveTypeReference(h);
            }

            var names = new NameProvider(_md);
            foreach (MemberReferenceHandle h in _md.MemberReferences)
            {
                MemberReference member = _md.GetMemberReference(h);
                Type? owner = Owner(member.Parent);
                if (owner is null)
                {
                    Skipped++;
                    continue;   // our own type, an unresolved assembly (the closure check reports it) or an array method
                }

                string name = _md.GetString(member.Name);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    MethodSignature<string> sig = member.DecodeMethodSignature(names, null);
                    if (sig.Header.CallingConvention == SignatureCallingConvention.VarArgs || FindMethod(owner, name, sig))
                    {
                        Matched++;
                        continue;
                    }

                    problems.Add($"{_file}: {NameOf(owner)}::{name}<{sig.GenericParameterCount}>({string.Join(", ", sig.ParameterTypes)}) : {sig.ReturnType} is not in {Where(owner)}");
                }
                else
                {
                    string fieldType = member.DecodeFieldSignature(names, null);
                    if (Chain(owner).Any(t => t.GetField(name, Declared) is { } f && NameOf(f.FieldType) == fieldType))
                    {
                        Matched++;
                    }
                    else
                    {
                        problems.Add($"{_file}: field {NameOf(owner)}::{name} : {fieldType} is not in {Where(owner)}");
                    }
                }
            }
        }

        private static string Where(Type owner)
        {
            AssemblyName a = owner.Assembly.GetName();
            return $"{a.Name} {a.Version} ({owner.Assembly.Location})";
        }

        private static IEnumerable<Type> Chain(Type owner)
        {
            for (Type? t = owner; t is not null; t = t.BaseType)
            {
                yield return t.IsGenericType && !t.IsGenericTypeDefinition ? t.GetGenericTypeDefinition() : t;
            }

            if (owner.IsInterface)
            {
                foreach (Type i in owner.GetInterfaces()) yield return i.IsGenericType ? i.GetGenericTypeDefinition() : i;
            }
        }

        private static bool FindMethod(Type owner, string name, MethodSignature<string> sig)
        {
            IEnumerable<MethodBase> candidates = name is ".ctor" or ".cctor"
                ? owner.GetConstructors(Declared)
                : Chain(owner).SelectMany(t => t.GetMethods(Declared));
            return candidates.Any(m => m.Name == name && Matches(m, sig));
        }

        private static bool Matches(MethodBase m, MethodSignature<string> sig)
        {
            int arity = m.IsGenericMethodDefinition ? m.GetGenericArguments().Length : 0;
            ParameterInfo[] ps = m.GetParameters();
            if (arity != sig.GenericParameterCount || ps.Length != sig.ParameterTypes.Length) return false;
            string returns = m is MethodInfo mi ? NameOf(mi.ReturnType) : "System.Void";
            if (returns != sig.ReturnType) return false;
            for (int i = 0; i < ps.Length; i++)
            {
                if (NameOf(ps[i].ParameterType) != sig.ParameterTypes[i]) return false;
            }

            return true;
        }

        private Type? Owner(EntityHandle parent) => parent.Kind switch
        {
            HandleKind.TypeReference => ResolveTypeReference((TypeReferenceHandle)parent),
            HandleKind.TypeSpecification => _md.GetTypeSpecification((TypeSpecificationHandle)parent).DecodeSignature(new DefinitionProvider(this), null),
            _ => null,
        };

        internal Type? ResolveTypeReference(TypeReferenceHandle h)
        {
            if (_types.TryGetValue(h, out Type? cached)) return cached;
            _types[h] = null;   // cycles cannot happen in valid metadata; this only guards re-entry
            TypeReference tr = _md.GetTypeReference(h);
            string name = _md.GetString(tr.Name);
            string ns = _md.GetString(tr.Namespace);
            Type? type = null;
            switch (tr.ResolutionScope.Kind)
            {
                case HandleKind.AssemblyReference:
                    AssemblyName target = _md.GetAssemblyReference((AssemblyReferenceHandle)tr.ResolutionScope).GetAssemblyName();
                    LoadResolution r = model.Resolve(target);
                    if (r.Path is null) break;   // reported by the closure check
                    Assembly a = Load(mlc, r.Path);
                    string full = ns.Length == 0 ? name : ns + "." + name;
                    type = a.GetType(full, throwOnError: false);   // follows [TypeForwardedTo]
                    if (type is null) problems.Add($"{_file}: type {full} is not in {a.GetName().Name} {a.GetName().Version} ({a.Location}), nor forwarded from it");
                    break;
                case HandleKind.TypeReference:
                    Type? outer = ResolveTypeReference((TypeReferenceHandle)tr.ResolutionScope);
                    if (outer is null) break;
                    type = outer.GetNestedType(name, BindingFlags.Public | BindingFlags.NonPublic);
                    if (type is null) problems.Add($"{_file}: nested type {NameOf(outer)}+{name} is not in {Where(outer)}");
                    break;
            }

            _types[h] = type;
            return type;
        }
    }

    /// <summary>Signature blob → the text <see cref="NameOf"/> gives for the same type.</summary>
    private sealed class NameProvider(MetadataReader md) : ISignatureTypeProvider<string, object?>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode switch
        {
            PrimitiveTypeCode.IntPtr => "IntPtr",
            PrimitiveTypeCode.UIntPtr => "UIntPtr",
            _ => typeCode.ToString(),
        };

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            TypeDefinition d = md.GetTypeDefinition(handle);
            string name = md.GetString(d.Name);
            if (d.IsNested) return GetTypeFromDefinition(reader, d.GetDeclaringType(), 0) + "+" + name;
            string ns = md.GetString(d.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            TypeReference r = md.GetTypeReference(handle);
            string name = md.GetString(r.Name);
            if (r.ResolutionScope.Kind == HandleKind.TypeReference) return GetTypeFromReference(reader, (TypeReferenceHandle)r.ResolutionScope, 0) + "+" + name;
            string ns = md.GetString(r.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            md.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(",", typeArguments) + ">";
        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
    }

    /// <summary>TypeSpec parent → the generic type definition whose members the reference names (others: null, not checked).</summary>
    private sealed class DefinitionProvider(AssemblyChecker checker) : ISignatureTypeProvider<Type?, object?>
    {
        public Type? GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => checker.ResolveTypeReference(handle);
        public Type? GetGenericInstantiation(Type? genericType, ImmutableArray<Type?> typeArguments) => genericType;
        public Type? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;
        public Type? GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => null;
        public Type? GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => null;
        public Type? GetSZArrayType(Type? elementType) => null;
        public Type? GetArrayType(Type? elementType, ArrayShape shape) => null;
        public Type? GetByReferenceType(Type? elementType) => null;
        public Type? GetPointerType(Type? elementType) => null;
        public Type? GetGenericTypeParameter(object? genericContext, int index) => null;
        public Type? GetGenericMethodParameter(object? genericContext, int index) => null;
        public Type? GetModifiedType(Type? modifier, Type? unmodifiedType, bool isRequired) => unmodifiedType;
        public Type? GetPinnedType(Type? elementType) => null;
        public Type? GetFunctionPointerType(MethodSignature<Type?> signature) => null;
    }
}
