/**
 * Every test class and test of CPython's `Lib/test/_test_multiprocessing.py`, and which of them
 * can apply to this library. A test that cannot is listed with the reason (a whole class with
 * one reason, or single tests). The parity report counts the rest against the ports in
 * `tests/python_parity/`, whose titles begin with `Class.test_name:`.
 *
 * @module
 */

/** One CPython test class. */
export interface CpythonClass {
  readonly name: string;
  readonly tests: readonly string[];
  /** Why the whole class cannot apply; absent when some of it can. */
  readonly notApplicable?: string;
  /** Tests of an applicable class that cannot apply, with the reason. */
  readonly skip?: Readonly<Record<string, string>>;
}

const MANAGERS = "Python's Manager server processes and proxies; there is no Manager here";
const SOCKETS = "Listener/Client over sockets and authentication keys; not part of this API";
const SPAWN = "Python's start methods (fork, spawn, forkserver) and their internals";
const INTERNAL = "CPython internals (private attributes, its heap, GC, logging or test harness)";
const NAMED_SHM = "named POSIX shared memory; Deno shares memory only between threads";
const FDS = "file descriptors passed between processes; Deno has no descriptor passing";
const REPR = "Python's repr() text";

/** The classes in source order. */
export const CPYTHON_CLASSES: readonly CpythonClass[] = [
  {
    name: "TestInternalDecorators",
    tests: ["test_only_run_in_spawn_testsuite"],
    notApplicable: INTERNAL,
  },
  {
    name: "_TestProcess",
    tests: [
      "test_current",
      "test_set_executable",
      "test_args_argument",
      "test_daemon_argument",
      "test_parent_process_attributes",
      "test_parent_process",
      "test_process",
      "test_process_mainthread_native_id",
      "test_interrupt",
      "test_interrupt_no_handler",
      "test_terminate",
      "test_kill",
      "test_cpu_count",
      "test_active_children",
      "test_recursion",
      "test_sentinel",
      "test_close",
      "test_many_processes",
      "test_lose_target_ref",
      "test_child_fd_inflation",
      "test_wait_for_threads",
      "test_error_on_stdio_flush_1",
      "test_error_on_stdio_flush_2",
      "test_forkserver_sigint",
      "test_forkserver_sigkill",
      "test_forkserver_auth_is_enabled",
      "test_forkserver_without_auth_fails",
    ],
    skip: {
      test_current: "checks authkey bytes, Python's process authentication key",
      test_set_executable: "set_executable() picks another Python interpreter",
      test_process_mainthread_native_id: "threading.main_thread().native_id",
      test_lose_target_ref: "weakref and gc.collect() on the target",
      test_child_fd_inflation: FDS,
      test_error_on_stdio_flush_1: "replaces sys.stdout/sys.stderr objects",
      test_error_on_stdio_flush_2: "replaces sys.stdout/sys.stderr objects",
      test_forkserver_sigint: SPAWN,
      test_forkserver_sigkill: SPAWN,
      test_forkserver_auth_is_enabled: SPAWN,
      test_forkserver_without_auth_fails: SPAWN,
    },
  },
  {
    name: "_TestSubclassingProcess",
    tests: ["test_subclassing", "test_stderr_flush", "test_sys_exit"],
    skip: {
      test_subclassing: "a Process subclass overriding run(): a class cannot travel as code",
      test_stderr_flush: "replaces sys.stderr with a file",
    },
  },
  {
    name: "_TestQueue",
    tests: [
      "test_put",
      "test_get",
      "test_fork",
      "test_qsize",
      "test_task_done",
      "test_no_import_lock_contention",
      "test_timeout",
      "test_queue_feeder_donot_stop_onexc",
      "test_queue_feeder_on_queue_feeder_error",
      "test_closed_queue_empty_exceptions",
      "test_closed_queue_put_get_exceptions",
      "test_shutdown_empty",
      "test_shutdown_nonempty",
      "test_shutdown_immediate",
      "test_shutdown_immediate_with_unfinished",
    ],
    skip: {
      test_no_import_lock_contention: "Python's import lock",
      test_queue_feeder_donot_stop_onexc: "Python's feeder thread and __reduce__",
      test_queue_feeder_on_queue_feeder_error: "Python's feeder thread and its private hook",
    },
  },
  {
    name: "_TestLock",
    tests: [
      "test_repr_lock",
      "test_lock",
      "test_lock_locked_2processes",
      "test_repr_rlock",
      "test_rlock",
      "test_rlock_locked_2processes",
      "test_lock_context",
      "test_rlock_context",
    ],
    skip: { test_repr_lock: REPR, test_repr_rlock: REPR },
  },
  {
    name: "_TestSemaphore",
    tests: ["test_semaphore", "test_bounded_semaphore", "test_timeout"],
  },
  {
    name: "_TestCondition",
    tests: [
      "test_notify",
      "test_notify_all",
      "test_notify_n",
      "test_timeout",
      "test_waitfor",
      "test_waitfor_timeout",
      "test_wait_result",
    ],
  },
  { name: "_TestEvent", tests: ["test_event", "test_repr"], skip: { test_repr: REPR } },
  {
    name: "_TestBarrier",
    tests: [
      "test_barrier",
      "test_barrier_10",
      "test_wait_return",
      "test_action",
      "test_abort",
      "test_reset",
      "test_abort_and_reset",
      "test_timeout",
      "test_default_timeout",
      "test_single_thread",
      "test_thousand",
    ],
  },
  {
    name: "_TestValue",
    tests: ["test_value", "test_rawvalue", "test_getobj_getlock", "test_invalid_typecode"],
  },
  {
    name: "_TestArray",
    tests: [
      "test_array",
      "test_array_from_size",
      "test_rawarray",
      "test_getobj_getlock_obj",
      "test_invalid_typecode",
    ],
  },
  {
    name: "_TestContainers",
    tests: [
      "test_list",
      "test_list_isinstance",
      "test_list_iter",
      "test_list_proxy_in_list",
      "test_dict",
      "test_dict_isinstance",
      "test_dict_iter",
      "test_dict_proxy_nested",
      "test_nested_queue",
      "test_namespace",
    ],
    notApplicable: MANAGERS,
  },
  {
    name: "_TestPool",
    tests: [
      "test_apply",
      "test_map",
      "test_starmap",
      "test_starmap_async",
      "test_map_async",
      "test_map_async_callbacks",
      "test_map_unplicklable",
      "test_map_chunksize",
      "test_map_handle_iterable_exception",
      "test_async",
      "test_async_timeout",
      "test_imap",
      "test_imap_handle_iterable_exception",
      "test_imap_unordered",
      "test_imap_unordered_handle_iterable_exception",
      "test_make_pool",
      "test_terminate",
      "test_empty_iterable",
      "test_context",
      "test_traceback",
      "test_wrapped_exception",
      "test_map_no_failfast",
      "test_release_task_refs",
      "test_enter",
      "test_resource_warning",
    ],
    skip: {
      test_release_task_refs: "weakref and gc.collect() on arguments",
      test_resource_warning: "Python's ResourceWarning from __del__",
    },
  },
  {
    name: "_TestPoolWorkerErrors",
    tests: ["test_async_error_callback", "test_unpickleable_result"],
  },
  {
    name: "_TestPoolWorkerLifetime",
    tests: [
      "test_pool_worker_lifetime",
      "test_pool_worker_lifetime_early_close",
      "test_pool_maxtasksperchild_invalid",
      "test_worker_finalization_via_atexit_handler_of_multiprocessing",
    ],
  },
  {
    name: "_TestMyManager",
    tests: ["test_mymanager", "test_mymanager_context", "test_mymanager_context_prestarted"],
    notApplicable: MANAGERS,
  },
  { name: "_TestRemoteManager", tests: ["test_remote"], notApplicable: MANAGERS },
  { name: "_TestManagerRestart", tests: ["test_rapid_restart"], notApplicable: MANAGERS },
  {
    name: "TestManagerExceptions",
    tests: ["test_queue_get", "test_dispatch"],
    notApplicable: MANAGERS,
  },
  {
    name: "_TestConnection",
    tests: [
      "test_connection",
      "test_duplex_false",
      "test_spawn_close",
      "test_sendbytes",
      "test_fd_transfer",
      "test_large_fd_transfer",
      "test_missing_fd_transfer",
      "test_context",
    ],
    skip: {
      test_fd_transfer: FDS,
      test_large_fd_transfer: FDS,
      test_missing_fd_transfer: FDS,
    },
  },
  {
    name: "_TestListener",
    tests: ["test_multiple_bind", "test_context", "test_empty_authkey", "test_abstract_socket"],
    notApplicable: SOCKETS,
  },
  {
    name: "_TestListenerClient",
    tests: ["test_listener_client", "test_issue14725", "test_issue16955"],
    notApplicable: SOCKETS,
  },
  {
    name: "_TestPoll",
    tests: ["test_empty_string", "test_strings", "test_boundaries", "test_dont_merge"],
  },
  {
    name: "_TestPicklingConnections",
    tests: ["test_pickling", "test_access"],
    skip: {
      test_pickling: SOCKETS,
      test_access: "sends pipe ends through a pipe; here they travel as Process or task " +
        "arguments, and Connection.send() refuses them with a TypeError saying so",
    },
  },
  { name: "_TestHeap", tests: ["test_heap", "test_free_from_gc"], notApplicable: INTERNAL },
  {
    name: "_TestSharedCTypes",
    tests: ["test_sharedctypes", "test_synchronize", "test_copy"],
    notApplicable: "ctypes Structures and c_char arrays; shared values here are typed numbers",
  },
  {
    name: "_TestSharedMemory",
    tests: [
      "test_shared_memory_name_with_embedded_null",
      "test_shared_memory_basics",
      "test_shared_memory_recreate",
      "test_invalid_shared_memory_creation",
      "test_shared_memory_pickle_unpickle",
      "test_shared_memory_pickle_unpickle_dead_object",
      "test_shared_memory_across_processes",
      "test_shared_memory_SharedMemoryServer_ignores_sigint",
      "test_shared_memory_SharedMemoryManager_reuses_resource_tracker",
      "test_shared_memory_SharedMemoryManager_basics",
      "test_shared_memory_ShareableList_basics",
      "test_shared_memory_ShareableList_pickling",
      "test_shared_memory_ShareableList_pickling_dead_object",
      "test_shared_memory_cleaned_after_process_termination",
      "test_shared_memory_untracking",
      "test_shared_memory_tracking",
    ],
    notApplicable: NAMED_SHM,
  },
  {
    name: "_TestFinalize",
    tests: ["test_finalize", "test_thread_safety"],
    notApplicable: INTERNAL,
  },
  { name: "_TestImportStar", tests: ["test_import"], notApplicable: INTERNAL },
  {
    name: "_TestLogging",
    tests: ["test_enable_logging", "test_level", "test_filename"],
    notApplicable: INTERNAL,
  },
  { name: "_TestPollEintr", tests: ["test_poll_eintr"] },
  { name: "TestInvalidHandle", tests: ["test_invalid_handles"], notApplicable: FDS },
  {
    name: "OtherTest",
    tests: ["test_deliver_challenge_auth_failure", "test_answer_challenge_auth_failure"],
    notApplicable: SOCKETS,
  },
  { name: "ChallengeResponseTest", tests: ["test_challengeresponse"], notApplicable: SOCKETS },
  {
    name: "TestInitializers",
    tests: ["test_manager_initializer", "test_pool_initializer"],
    skip: { test_manager_initializer: MANAGERS },
  },
  {
    name: "TestStdinBadfiledescriptor",
    tests: ["test_queue_in_process", "test_pool_in_process", "test_flushing"],
    skip: { test_flushing: "a file-like object's per-process cache (fork semantics)" },
  },
  {
    name: "TestWait",
    tests: [
      "test_wait",
      "test_wait_socket",
      "test_wait_slow",
      "test_wait_socket_slow",
      "test_wait_timeout",
      "test_wait_integer",
      "test_neg_timeout",
    ],
    skip: { test_wait_socket: SOCKETS, test_wait_socket_slow: SOCKETS },
  },
  {
    name: "TestInvalidFamily",
    tests: ["test_invalid_family", "test_invalid_family_win32"],
    notApplicable: SOCKETS,
  },
  { name: "TestFlags", tests: ["test_flags"], notApplicable: "Python's interpreter flags" },
  { name: "TestTimeouts", tests: ["test_timeout"], notApplicable: SOCKETS },
  { name: "TestNoForkBomb", tests: ["test_noforkbomb"] },
  { name: "TestForkAwareThreadLock", tests: ["test_lock"], notApplicable: SPAWN },
  { name: "TestCloseFds", tests: ["test_closefd"], notApplicable: FDS },
  {
    name: "TestIgnoreEINTR",
    tests: ["test_ignore", "test_ignore_listener"],
    notApplicable: "signals a child process through which a pipe runs; a pipe reaches only " +
      "worker threads, which share the parent's pid",
  },
  {
    name: "TestStartMethod",
    tests: [
      "test_context",
      "test_context_check_module_types",
      "test_set_get",
      "test_get_all_start_methods",
      "test_preload_resources",
      "test_mixed_startmethod",
      "test_nested_startmethod",
    ],
    skip: {
      test_context: SPAWN,
      test_context_check_module_types: SPAWN,
      test_set_get: SPAWN,
      test_get_all_start_methods: SPAWN,
      test_preload_resources: SPAWN,
      test_mixed_startmethod: SPAWN,
    },
  },
  {
    name: "TestResourceTracker",
    tests: [
      "test_resource_tracker",
      "test_resource_tracker_sigint",
      "test_resource_tracker_sigterm",
      "test_resource_tracker_sigkill",
      "test_resource_tracker_reused",
      "test_too_long_name_resource",
      "test_resource_tracker_exit_code",
      "test_resource_tracker_blocked_signals",
    ],
    notApplicable: "Python's resource tracker process for named semaphores and shared memory",
  },
  {
    name: "TestSimpleQueue",
    tests: ["test_empty_exceptions", "test_empty", "test_close", "test_closed"],
    skip: { test_closed: INTERNAL },
  },
  {
    name: "TestPoolNotLeakOnFailure",
    tests: ["test_release_unused_processes"],
    notApplicable: "replaces Pool's process class with a mock",
  },
  {
    name: "TestSyncManagerTypes",
    tests: [
      "test_event",
      "test_lock",
      "test_rlock",
      "test_semaphore",
      "test_bounded_semaphore",
      "test_condition",
      "test_barrier",
      "test_pool",
      "test_queue",
      "test_joinable_queue",
      "test_list",
      "test_dict",
      "test_value",
      "test_array",
      "test_namespace",
      "test_set",
      "test_set_init",
      "test_set_contain_all_method",
    ],
    notApplicable: MANAGERS,
  },
  { name: "TestNamedResource", tests: ["test_global_named_resource_spawn"], notApplicable: SPAWN },
  { name: "_TestAtExit", tests: ["test_atexit"] },
  {
    name: "_TestSpawnedSysPath",
    tests: ["test_forkserver_preload_imports_sys_path", "test_child_sys_path"],
    notApplicable: SPAWN,
  },
  {
    name: "MiscTestCase",
    tests: ["test__all__", "test_spawn_sys_executable_none_allows_import", "test_large_pool"],
    skip: { test__all__: INTERNAL, test_spawn_sys_executable_none_allows_import: SPAWN },
  },
  { name: "SemLockTests", tests: ["test_semlock_subclass"], notApplicable: INTERNAL },
];
